// The package's ESM entry: loads the widget's loader (dist/shoppable.js, the
// release's classic script, copied here by `cargo xtask build`) once per page
// and hands out its API (README, "JavaScript API"). Nothing is fetched until
// `load()` or `attach()` is first called, and then only the loader; the
// loader fetches a viewer module only when a video nears the viewport.
//
// Where the widget's files are: `base` given to `load()`, else the `dist/`
// directory beside this file (right when the package's files are served as
// they are, e.g. a plain <script type=module> importing them; a bundler that
// copies only what is imported needs `base`: serve dist/ yourself, or give
// the release's URL on your CDN).

let api = null;

/**
 * Loads the widget once per page and resolves to its API (`window.Shoppable`).
 * A page whose own loader (a `<script src=".../shoppable.js">`) has already run keeps it;
 * one still on its way finds this one and only adds its own targets to it.
 * @param {{ base?: string | URL }} [options]
 */
export function load(options) {
  if (api) return api;
  const w = window;
  if (w.Shoppable && w.Shoppable.attach) return (api = Promise.resolve(w.Shoppable));
  const base = new URL((options && options.base) || './dist/', import.meta.url).href.replace(/\/?$/, '/');
  api = new Promise((resolve, reject) => {
    // Calls queued before the loader runs get its API (its documented queue).
    (w.Shoppable = w.Shoppable || []).push(resolve);
    const s = document.createElement('script');
    s.src = base + 'shoppable.js';
    s.async = true;
    // The loader takes its files' directory from data-base (README, "Inlined or as a module").
    s.setAttribute('data-base', base);
    s.onerror = () => {
      api = null;
      s.remove();
      reject(new Error('shoppable: could not load the widget\'s loader from ' + s.src));
    };
    document.head.appendChild(s);
  });
  return api;
}

/**
 * Attaches the widget to a player element (README, "JavaScript API").
 * Resolves to the mount's handle: `on(name, fn)` and `destroy()`.
 */
export function attach(element, options) {
  return load().then((S) => S.attach(element, options));
}

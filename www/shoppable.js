/* Shoppable loader v1. A classic async script (or inlined, or a module: then
   data-base names the release's directory). It waits for the page's load
   event and its first idle moment (at most 2 s), finds target videos, and
   only when one nears the viewport imports the wasm glue and streams the wasm.
   Public API: Shoppable.attach(video, {manifest}) -> {on(name, fn), destroy()};
   calls made before this script runs can be queued with
   (window.Shoppable = window.Shoppable || []).push(function (S) { ... }). */
(function (w, d) {
  // An inlined loader is currentScript without a src; a module has none.
  var me = d.currentScript || d.querySelector('script[data-base]'), S = w.Shoppable;
  function at(n) { return me && me.getAttribute(n); }
  // The build writes the release's version and, per module, the SRI hashes
  // of its glue and wasm; their names carry the same hash (16 characters of
  // its base64, others than letters and digits as _).
  var V = '' /*version*/, F = {} /*files*/;
  var sel = at('data-target'), man = at('data-manifest');
  // A bad selector is said once, naming it, and then left out.
  if (sel) try { d.querySelector(sel); } catch (e) {
    console.error('shoppable: data-target "' + sel + '" is not a valid CSS selector (' + e.message + ')');
    sel = null;
  }
  function scan(api) {
    if (sel) {
      var els = d.querySelectorAll(sel);
      if (!els.length) console.error('shoppable: data-target "' + sel + '" matches no element');
      els.forEach(function (el) { api.has(el) || api.attach(el, { manifest: man || el.getAttribute('data-shoppable') }); });
    }
    // Any player element: <video>, <iframe>, a video.js or Plyr container, a
    // media element; the wasm picks the adapter by what it is.
    d.querySelectorAll('[data-shoppable]').forEach(function (el) {
      api.has(el) || api.attach(el, { manifest: el.getAttribute('data-shoppable') });
    });
  }
  function later(f) { d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', f) : f(); }
  // A second copy of the script only adds its own targets to the first.
  if (S && S.attach) return later(function () { scan(S); });

  // The release's files: data-base, else beside this script (a loader at the
  // alias /shoppable/v1/ points into /shoppable/<version>/).
  var src = at('data-base'), base;
  if (!(src || me && me.src)) return console.error('shoppable: an inlined or module loader needs data-base');
  base = src ? new URL(src.replace(/\/?$/, '/'), location.href) : new URL(V ? '../' + V + '/' : '.', me.src);
  var mods = {}, lazy = {}, told, warmed, live = new Map();
  // Work starts after the page's load event and its first idle moment (at
  // most 2 s later), so the widget never competes with the page's first render.
  var start = new Promise(function (r) {
    function idle() { w.requestIdleCallback ? requestIdleCallback(r, { timeout: 2000 }) : setTimeout(r, 1); }
    d.readyState == 'complete' ? idle() : w.addEventListener('load', idle);
  });
  var io = w.IntersectionObserver && new IntersectionObserver(function (es) {
    es.forEach(function (e) {
      var h = e.isIntersecting && live.get(e.target);
      if (h) { io.unobserve(e.target); h._go(); }
    });
  }, { rootMargin: '300px' });

  // The viewer (tags) now, the shop (sheet, cart, checkout) when a sheet
  // first opens, the live card for a live show or a replay; each is fetched
  // once for the whole page. The viewer comes in three builds: a plain
  // <video> needs only shoppable-core; a YouTube or Vimeo <iframe> (or
  // player: "youtube" | "vimeo") loads shoppable-iframes; any other player
  // (video.js, Plyr, hls.js, media elements, a host adapter) loads
  // shoppable-players. Each stays within the viewer path's size budget.
  // The glue is preloaded with its SRI hash (import() takes none; the import
  // then uses the preloaded module) and the wasm fetched with its own.
  function file(name, sri, ext) { return base + name + (sri ? '.' + sri.slice(7, 23).replace(/\W/g, '_') : '') + ext; }
  function fetchModule(name) {
    var f = F[name] || [], js = file(name, f[0], '.js'), l;
    if (f[0]) {
      l = d.createElement('link');
      l.rel = 'modulepreload', l.href = js, l.integrity = f[0], l.crossOrigin = 'anonymous';
      d.head.appendChild(l);
    }
    return import(js).then(function (m) {
      l && l.remove();
      return m.default({ module_or_path: fetch(file(name + '_bg', f[1], '.wasm'), { integrity: f[1] }) }).then(function () { return m; });
    });
  }
  function load(name) { return mods[name] || (mods[name] = fetchModule(name)); }
  function build(el, o) {
    var p = o.player;
    return typeof p == 'string' || el.localName == 'iframe' && !p && !el.closest('.video-js,.plyr') ? 'iframes'
      : el.localName == 'video' && !p && !el.hls && !el.plyr && !w.Hls && !el.closest('.video-js,.plyr,media-controller') ? 'core'
      : 'players';
  }
  // The viewer asks for "shop" or "live"; a failed fetch is tried again next time.
  function loadModule(n) {
    return lazy[n] || (lazy[n] = fetchModule('shoppable-' + n).catch(function (e) { lazy[n] = null; throw e; }));
  }
  // Once tags are on screen and the page is idle, the shop is fetched and
  // compiled (once per page; not with Save-Data), so a tap finds it ready.
  function warm() {
    if (warmed || (navigator.connection || {}).saveData) return;
    warmed = 1;
    (w.requestIdleCallback || setTimeout)(function () { loadModule('shop').catch(function () {}); });
  }
  function fail(el, msg, once) {
    if (!once || !told) console.error('shoppable: ' + msg);
    told = told || once;
    el.dispatchEvent(new CustomEvent('shoppable:error', { bubbles: true, composed: true, detail: { message: msg } }));
  }
  function attach(el, opts) {
    if (!(el instanceof Element)) { console.error('shoppable: attach() needs an element, got ' + el); return null; }
    var old = live.get(el), m, dead, offs = [];
    if (old) old.destroy();
    var h = {
      on: function (name, fn) {
        var t = 'shoppable:' + name;
        el.addEventListener(t, fn);
        offs.push([t, fn]);
        return h;
      },
      destroy: function () {
        dead = 1;
        io && io.unobserve(el);
        if (live.get(el) === h) live.delete(el);
        if (m) m.destroy(), m.free(), m = null;
        offs.forEach(function (o) { el.removeEventListener(o[0], o[1]); });
        offs = [];
      },
      _go: function () {
        load('shoppable-' + build(el, opts || {})).then(function (mod) {
          if (dead) return;
          try { m = mod.mount(el, opts || {}, loadModule); } catch (e) { fail(el, String(e && e.message || e)); }
        }, function (e) {
          dead || fail(el, 'could not load the widget from ' + base + ' (' + (e && e.message || e) + '); the video is left as it was', 1);
        });
      }
    };
    live.set(el, h);
    h.on('tag_view', warm);
    start.then(function () { dead || (io ? io.observe(el) : h._go()); });
    return h;
  }
  var api = {
    attach: attach,
    has: function (el) { return live.has(el); },
    push: function (c) { typeof c == 'function' ? c(api) : c && c[0] == 'attach' && attach(c[1], c[2]); }
  };
  w.Shoppable = api;
  (Array.isArray(S) ? S : []).forEach(api.push);
  later(function () {
    scan(api);
    // Single-page apps: players added later get tags; a removed player's mount
    // is destroyed (checked after the mutations, so a moved player stays). The
    // page is scanned again only when an added element is or holds a target.
    var q = '[data-shoppable]' + (sel ? ',' + sel : '');
    w.MutationObserver && new MutationObserver(function (rs) {
      live.forEach(function (h, el) { el.isConnected || h.destroy(); });
      rs.some(function (r) {
        return [].some.call(r.addedNodes, function (n) { return n.nodeType == 1 && (n.matches(q) || n.querySelector(q)); });
      }) && scan(api);
    }).observe(d.documentElement, { childList: true, subtree: true });
  });
})(window, document);

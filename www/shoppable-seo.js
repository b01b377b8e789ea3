// The JSON-LD helper (README, "SEO"): a page's structured data for a
// manifest, a schema.org VideoObject with a Clip per tagged span named after
// its product, by the same model function as the studio's export and the
// server's GET /api/manifests/{video}/jsonld (src/seo.rs, the
// shoppable-jsonld module). An ES module for the browser and for Node >= 18
// (server-side rendering); `cargo xtask build` puts it beside its module in
// the release's alias directory (/shoppable/v1/shoppable-seo.js). Never on
// a viewer's path: the loader does not import it.
//
//   import { jsonLd, jsonLdScript, insertJsonLd } from '/shoppable/v1/shoppable-seo.js';
//   await insertJsonLd('/manifests/spring.json', {
//     name: 'Spring drop', thumbnailUrl: 'https://brand.example/spring.jpg',
//     uploadDate: '2026-03-01', pageUrl: 'https://brand.example/spring',
//   });
//
// `manifest` is a manifest object, its JSON text, or a URL (string or URL)
// to fetch it from. `page` is { name, thumbnailUrl, uploadDate, pageUrl,
// description?, contentUrl? }. Bad input rejects with an Error naming the
// JSON path (the manifest validator's message) or the page field.

import init, { initSync, scriptText } from './shoppable-jsonld.js';

const WASM = new URL('./shoppable-jsonld_bg.wasm', import.meta.url);

let ready;

// The wasm, once: from its bytes on disk in Node (whose fetch cannot read
// file: URLs), fetched beside this file in a browser.
function load() {
  ready ??= (async () => {
    if (WASM.protocol === 'file:') {
      const { readFile } = await import('node:fs/promises');
      initSync({ module: await readFile(WASM) });
    } else {
      await init({ module_or_path: WASM });
    }
  })();
  return ready;
}

// The manifest's JSON text: an object is serialised, text that opens with
// `{` is the manifest itself, anything else is a URL to fetch (relative to
// the page in a browser).
async function manifestText(manifest) {
  if (manifest !== null && typeof manifest === 'object' && !(manifest instanceof URL)) {
    return JSON.stringify(manifest);
  }
  if (typeof manifest === 'string' && manifest.trimStart().startsWith('{')) {
    return manifest;
  }
  if (typeof manifest !== 'string' && !(manifest instanceof URL)) {
    throw new Error('manifest: give a manifest object, its JSON text or its URL');
  }
  const base = globalThis.document?.baseURI;
  let url;
  try {
    url = new URL(manifest, base);
  } catch {
    throw new Error(`manifest: ${JSON.stringify(String(manifest))} is neither JSON nor a URL`);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`manifest: GET ${url} answered ${res.status}`);
  return res.text();
}

/** The `<script type="application/ld+json">` text (`<` escaped as \u003c). */
export async function jsonLdScript(manifest, page) {
  const [text] = await Promise.all([manifestText(manifest), load()]);
  return scriptText(text, page);
}

/** The VideoObject, as an object. */
export async function jsonLd(manifest, page) {
  return JSON.parse(await jsonLdScript(manifest, page));
}

/**
 * Puts the script element in `doc.head`, replacing the one an earlier call
 * put there (for pages that render on the client); returns the element.
 */
export async function insertJsonLd(manifest, page, doc = globalThis.document) {
  const text = await jsonLdScript(manifest, page);
  let el = doc.head.querySelector('script[type="application/ld+json"][data-shoppable-seo]');
  if (!el) {
    el = doc.createElement('script');
    el.type = 'application/ld+json';
    el.setAttribute('data-shoppable-seo', '');
    doc.head.append(el);
  }
  el.textContent = text;
  return el;
}

// The JSON-LD helper in plain Node (seo.spec.ts runs it): imports
// shoppable-seo.js from a directory on disk (the release's alias files, as a
// brand's server-side renderer would hold them) and prints, as one JSON
// line, what it gives for a manifest and a page (JSON), or the error it
// rejected with.
//
//   node seo_node.mjs <dir> text|object <manifest file> '<page JSON>'
//   node seo_node.mjs <dir> url <manifest URL> '<page JSON>'
//
// `text` gives the manifest's JSON text and prints the script text;
// `object` gives it parsed and prints jsonLd's VideoObject; `url` lets the
// helper fetch it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, mode, manifest, pageJson] = process.argv.slice(2);
const { jsonLd, jsonLdScript } = await import(pathToFileURL(path.join(dir, 'shoppable-seo.js')).href);
const page = JSON.parse(pageJson);
try {
  let out;
  if (mode === 'url') {
    out = { script: await jsonLdScript(manifest, page) };
  } else {
    const text = await readFile(manifest, 'utf8');
    out = mode === 'object' ? { object: await jsonLd(JSON.parse(text), page) } : { script: await jsonLdScript(text, page) };
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.message), isError: e instanceof Error }));
}

// What the widget costs the host page, by Lighthouse (pinned in package.json),
// for `cargo xtask bench`: printed as `name: value unit` lines on stdout
// (diagnostics go to stderr). Needs the reference server (BASE_URL, as
// tests/e2e/bench.mjs) and Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
//
//   lcp_delta_ms                 Largest Contentful Paint of the demo storefront (`/`) with
//                                the widget's embed (README's deferred snippet, which adds
//                                the loader's tag at the page's `load`) minus without it:
//                                medians of 5 runs each
//   tbt_delta_ms                 Total Blocking Time, the same way
//   lcp_delta_tag_ms, tbt_delta_tag_ms   the same with the plain `<script async src>` tag
//                                in the snippet's place
//   lighthouse_aa_spread_ms      the LCP of the page without the widget against a second,
//                                interleaved series of the same page (A/A): how far apart two
//                                medians of the same thing come out, to read the deltas against
//   lighthouse_aa_spread_tbt_ms  the same for TBT
//   lcp_ms_without_widget, tbt_ms_without_widget   the page's own figures
//
// Why the two embeds differ: Lantern (the model behind `simulate`) puts every
// script fetched and started before the page's observed LCP on the LCP's
// critical path, async or not. On loopback the plain tag's loader always
// arrives first, so the simulated phone pays for a connection to the widget's
// origin (slow 4G: about three round trips of 150 ms) though nothing on the
// page waits for it. The snippet fetches nothing before `load`.
//
// Lighthouse 12's mobile defaults (a Moto G Power, 4x CPU slowdown, slow 4G)
// with `throttlingMethod: simulate`: the figures come from its model of the
// page's dependency graph, so they hardly depend on how busy this machine is.
// Each run gets a fresh Chromium profile. LIGHTHOUSE_DUMP=<dir> keeps each
// run's report there (`<series>-<run>.json`) to see what ran and when.
//
// The pages are served by a small loopback proxy here (`/with.html`: the
// server's `/` as it sends it; `/without.html`: the same with the embed's
// <script> removed; `/tag.html`: the plain tag in its place; every other path
// passed through to the server), so all come from one origin by one route and
// differ by the embed only. They are sent gzipped, as a brand's server sends its
// pages: uncompressed, a page that crosses TCP's first window (about 14 KB)
// costs the simulated phone a whole extra round trip, whatever is in it.
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('run.mjs: set BASE_URL (e.g. http://localhost:8080); `cargo xtask bench` does this');
  process.exit(2);
}
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-features=LocalNetworkAccessChecks'];

/** The demo page as the server sends it, without the embed, and with the plain tag instead. */
async function pages() {
  const res = await fetch(`${BASE_URL}/`);
  if (!res.ok) throw new Error(`GET ${BASE_URL}/ answered ${res.status}`);
  const withEmbed = await res.text();
  // The snippet: an inline <script> that names the loader's URL.
  const embed = /<script>(?:(?!<\/script>)[\s\S])*?shoppable\.js(?:(?!<\/script>)[\s\S])*?<\/script>\s*/g;
  const found = withEmbed.match(embed) ?? [];
  if (found.length !== 1) throw new Error(`expected one embed snippet (an inline <script> naming shoppable.js) on ${BASE_URL}/, found ${found.length}`);
  const src = found[0].match(/\.src\s*=\s*'([^']*)'/)?.[1];
  if (!src) throw new Error(`the embed snippet on ${BASE_URL}/ sets no s.src = '…'`);
  const data = [...found[0].matchAll(/setAttribute\('(data-[a-z-]+)',\s*'([^']*)'\)/g)].map(([, k, v]) => ` ${k}="${v}"`).join('');
  const tag = `<script async src="${src}"${data}></script>\n`;
  return {
    '/with.html': withEmbed,
    '/without.html': withEmbed.replace(embed, ''),
    '/tag.html': withEmbed.replace(embed, () => tag),
  };
}

/** A loopback server: the two pages, everything else from BASE_URL. */
async function proxy(pageBodies) {
  const upstream = new URL(BASE_URL);
  const server = http.createServer((req, res) => {
    const body = pageBodies[req.url];
    if (body !== undefined) {
      const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(gzip ? zlib.gzipSync(body) : body);
      return;
    }
    const up = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The host page on `localhost`, as the server's own pages are (the
  // widget's origin is 127.0.0.1: another origin, as on a brand's site).
  return { server, origin: `http://localhost:${server.address().port}` };
}

const DUMP = process.env.LIGHTHOUSE_DUMP;

/** One Lighthouse run of `url` in a fresh Chromium: { lcp, tbt } in ms. */
async function run(url, label) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      throttlingMethod: 'simulate',
    });
    const lhr = result?.lhr;
    if (DUMP) {
      fs.mkdirSync(DUMP, { recursive: true });
      fs.writeFileSync(`${DUMP}/${label}.json`, JSON.stringify(lhr));
    }
    if (lhr?.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const audit = (id) => {
      const v = lhr?.audits?.[id]?.numericValue;
      if (!Number.isFinite(v)) throw new Error(`${url}: Lighthouse gave no ${id} (${lhr?.audits?.[id]?.errorMessage ?? 'no value'})`);
      return v;
    };
    return { lcp: audit('largest-contentful-paint'), tbt: audit('total-blocking-time') };
  } finally {
    await chrome.kill();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const { server, origin } = await proxy(await pages());
try {
  const series = { with: [], without: [], again: [], tag: [] };
  const urls = { with: `${origin}/with.html`, without: `${origin}/without.html`, again: `${origin}/without.html`, tag: `${origin}/tag.html` };
  // Interleaved, so a slow spell of the machine falls on every series alike.
  for (let i = 0; i < RUNS; i++) {
    for (const name of Object.keys(series)) series[name].push(await run(urls[name], `${name}-${i + 1}`));
  }
  for (const [name, rs] of Object.entries(series)) {
    console.error(`[lighthouse] ${name}: LCP ${rs.map((r) => r.lcp.toFixed(0)).join(', ')} ms; TBT ${rs.map((r) => r.tbt.toFixed(0)).join(', ')} ms`);
  }
  const med = (name, k) => median(series[name].map((r) => r[k]));
  const figures = [
    ['lcp_delta_ms', med('with', 'lcp') - med('without', 'lcp')],
    ['tbt_delta_ms', med('with', 'tbt') - med('without', 'tbt')],
    ['lighthouse_aa_spread_ms', Math.abs(med('again', 'lcp') - med('without', 'lcp'))],
    ['lighthouse_aa_spread_tbt_ms', Math.abs(med('again', 'tbt') - med('without', 'tbt'))],
    ['lcp_delta_tag_ms', med('tag', 'lcp') - med('without', 'lcp')],
    ['tbt_delta_tag_ms', med('tag', 'tbt') - med('without', 'tbt')],
    ['lcp_ms_without_widget', med('without', 'lcp')],
    ['tbt_ms_without_widget', med('without', 'tbt')],
  ];
  for (const [name, v] of figures) console.log(`${name}: ${v.toFixed(0)} ms`);
} finally {
  server.close();
  server.closeAllConnections();
}

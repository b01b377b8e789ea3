// What the widget costs the host page, by Lighthouse (pinned in package.json),
// for `cargo xtask bench`: printed as `name: value unit` lines on stdout
// (diagnostics go to stderr). Needs the reference server (BASE_URL, as
// tests/e2e/bench.mjs) and Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
//
//   lcp_delta_ms                 Largest Contentful Paint of the demo storefront (`/`) with
//                                the widget's script tag minus without it: medians of 5 runs each
//   tbt_delta_ms                 Total Blocking Time, the same way
//   lighthouse_aa_spread_ms      the LCP of the page without the script tag against a second,
//                                interleaved series of the same page (A/A): how far apart two
//                                medians of the same thing come out, to read the deltas against
//   lighthouse_aa_spread_tbt_ms  the same for TBT
//   lcp_ms_without_widget, tbt_ms_without_widget   the page's own figures
//
// Lighthouse 12's mobile defaults (a Moto G Power, 4x CPU slowdown, slow 4G)
// with `throttlingMethod: simulate`: the figures come from its model of the
// page's dependency graph, so they hardly depend on how busy this machine is.
// Each run gets a fresh Chromium profile. LIGHTHOUSE_DUMP=<dir> keeps each
// run's report there (`<series>-<run>.json`) to see what ran and when.
//
// The page with and without the tag are served by a small loopback proxy here
// (`/with.html`: the server's `/` as it sends it; `/without.html`: the same
// with the loader's <script> removed; every other path passed through to the
// server), so both come from one origin by one route and differ by that tag only.
import fs from 'node:fs';
import http from 'node:http';
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

/** The demo page as the server sends it, and without the loader's tag. */
async function pages() {
  const res = await fetch(`${BASE_URL}/`);
  if (!res.ok) throw new Error(`GET ${BASE_URL}/ answered ${res.status}`);
  const withTag = await res.text();
  const tag = /<script\b[^>]*\bsrc="[^"]*shoppable\.js"[^>]*>\s*<\/script>\s*/g;
  const without = withTag.replace(tag, '');
  const removed = (withTag.match(tag) ?? []).length;
  if (removed !== 1) throw new Error(`expected one loader <script src="…shoppable.js"> on ${BASE_URL}/, found ${removed}`);
  return { '/with.html': withTag, '/without.html': without };
}

/** A loopback server: the two pages, everything else from BASE_URL. */
async function proxy(pageBodies) {
  const upstream = new URL(BASE_URL);
  const server = http.createServer((req, res) => {
    const body = pageBodies[req.url];
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
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
  const series = { with: [], without: [], again: [] };
  const urls = { with: `${origin}/with.html`, without: `${origin}/without.html`, again: `${origin}/without.html` };
  // Interleaved, so a slow spell of the machine falls on every series alike.
  for (let i = 0; i < RUNS; i++) {
    for (const name of ['with', 'without', 'again']) series[name].push(await run(urls[name], `${name}-${i + 1}`));
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
    ['lcp_ms_without_widget', med('without', 'lcp')],
    ['tbt_ms_without_widget', med('without', 'tbt')],
  ];
  for (const [name, v] of figures) console.log(`${name}: ${v.toFixed(0)} ms`);
} finally {
  server.close();
  server.closeAllConnections();
}

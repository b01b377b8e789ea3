// A stand-in Shopify storefront for tests/e2e/shopify.spec.ts, written from
// Shopify's public documentation (SHOPIFY.md says which page each part
// follows and what it leaves out). Node's http module only; it listens on
// 127.0.0.1, on a free port, and closes when the spec says so or after
// 30 minutes, whichever comes first.
//
// The storefront sells the hero manifest's Velvet Matte Lipstick under the
// handle `velvet-matte-lipstick` at its own prices (EUR, not the
// manifest's USD), with one cart per browser (the `cart` cookie, as
// Shopify's), and serves a theme page that embeds the widget from
// `widgetOrigin` over the video from `videoOrigin`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface StandinVariant { id: number; title: string; manifest: string; price: number; compare_at_price: number | null; stock: number }

/** The store's catalogue: one product, four variants. Ruby is plentiful,
 *  Nude has 2 left (a partial add of 3), Plum none, Coral plenty. */
export const VARIANTS: StandinVariant[] = [
  { id: 44000000001, title: 'Ruby', manifest: 'vl-ruby', price: 2100, compare_at_price: 2600, stock: 10 },
  { id: 44000000002, title: 'Nude', manifest: 'vl-nude', price: 2100, compare_at_price: 2600, stock: 2 },
  { id: 44000000003, title: 'Plum', manifest: 'vl-plum', price: 2100, compare_at_price: null, stock: 0 },
  { id: 44000000004, title: 'Coral', manifest: 'vl-coral', price: 1800, compare_at_price: null, stock: 10 },
];
export const HANDLE = 'velvet-matte-lipstick';
const TITLE = 'Velvet Matte Lipstick';
const CURRENCY = 'EUR';

interface Line { id: number; quantity: number; properties: Record<string, string> }
interface Cart { token: string; note: string; attributes: Record<string, string>; items: Line[] }

export interface Standin { url: string; close(): Promise<void>; setStock(id: number, stock: number): void }

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function html(res: http.ServerResponse, body: string) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

export async function readBody(req: http.IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try { return JSON.parse(text || '{}'); } catch { return null; }
}

/** The hero manifest with a `shopify` block on the lipstick; `strategy`
 *  set when the test asks for one (else the manifest's own, `auto`). */
function manifest(root: string, strategy?: string): unknown {
  const m = JSON.parse(fs.readFileSync(path.join(root, 'www/manifests/hero.json'), 'utf8'));
  const p = m.products.find((p: any) => p.id === 'velvet-lipstick');
  p.shopify = { handle: HANDLE, variants: Object.fromEntries(VARIANTS.map((v) => [v.manifest, v.id])) };
  if (strategy) m.checkout.strategy = strategy;
  return m;
}

/** The theme page. `theme` is `configured` (the theme configured
 *  updateCart and openCart: a cart count and a drawer refresh in place) or
 *  `default` (Shopify's defaults, which on an unrecognised theme reload the
 *  page or go to /cart). Every call the widget makes on `window.Shopify` is
 *  recorded in `window.__shopify.calls`. */
function themePage(theme: string, widgetOrigin: string, videoOrigin: string, strategy: string): string {
  const configured = theme === 'configured';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in storefront (${theme} theme)</title>
<style>body{margin:0;font:14px system-ui,sans-serif} video{display:block;background:#000} #cart-drawer[hidden]{display:none}</style>
<script>
  // What Shopify's storefront script sets on every Liquid page.
  window.Shopify = window.Shopify || {};
  Shopify.shop = 'standin.myshopify.com';
  Shopify.routes = { root: '/' };
  window.__shopify = { calls: [], loaded: Date.now() };
  var record = function (name, args) { __shopify.calls.push({ name: name, args: JSON.parse(JSON.stringify(args || null)) }); };
  // Shopify.loadFeatures: the Customer Privacy API arrives a moment later,
  // with no consent given yet (a visitor in a region that asks first).
  Shopify.loadFeatures = function (features, cb) {
    record('loadFeatures', features);
    setTimeout(function () {
      var state = { analytics: false, marketing: false };
      Shopify.customerPrivacy = {
        analyticsProcessingAllowed: function () { return state.analytics; },
        marketingAllowed: function () { return state.marketing; },
        setTrackingConsent: function (c, done) {
          if ('analytics' in c) state.analytics = !!c.analytics;
          if ('marketing' in c) state.marketing = !!c.marketing;
          document.dispatchEvent(new CustomEvent('visitorConsentCollected', { detail: { analyticsAllowed: state.analytics, marketingAllowed: state.marketing } }));
          if (done) done();
        }
      };
      cb && cb();
    }, 50);
  };
  window.Shoppable = window.Shoppable || [];
  Shoppable.push(function (S) {
    S.attach(document.getElementById('v'), Object.assign({ manifest: '/manifests/shopify.json${strategy ? '?strategy=' + strategy : ''}' }, window.__attach || {}));
  });
</script>
<script type="module">
  // Standard storefront actions, injected as a module script: ready after
  // DOMContentLoaded. ${configured ? 'This theme configured updateCart and openCart.' : 'Shopify\'s defaults: this theme is not recognised, so updateCart reloads the page and openCart goes to /cart.'}
  var a = {};
  function action(name, configured, f) {
    var g = function (payload) { record(name, payload); return f(payload); };
    g.isDefault = function () { return !configured; };
    a[name] = g;
  }
  ${configured ? `
  action('updateCart', true, async function (payload) {
    var r = await fetch('/_theme/cart-lines', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
    if (!r.ok) throw new Error('cart-lines ' + r.status);
    var answer = await r.json();
    document.getElementById('cart-count').textContent = String(answer.cart.item_count);
    return answer;
  });
  action('openCart', true, async function () { document.getElementById('cart-drawer').hidden = false; });` : `
  action('updateCart', false, async function () { location.reload(); return { cart: null }; });
  action('openCart', false, async function () { location.assign('/cart'); });`}
  action('getCart', false, async function () { return { cart: await (await fetch('/cart.js')).json() }; });
  Shopify.actions = a;
</script>
</head><body>
<header>Stand-in store · cart (<span id="cart-count">0</span>)</header>
<aside id="cart-drawer" hidden role="dialog" aria-label="Your cart">The theme's cart drawer</aside>
<video id="v" src="${videoOrigin}/videos/hero.webm" muted playsinline controls preload="auto" style="width:800px;height:450px"></video>
<script async src="${widgetOrigin}/shoppable/v1/shoppable.js"></script>
</body></html>`;
}

/** Starts the storefront. `root` is the repository; `widgetOrigin` serves
 *  the widget, `videoOrigin` the video (the reference server). */
export async function startStandin(o: { root: string; widgetOrigin: string; videoOrigin: string }): Promise<Standin> {
  const stock = new Map(VARIANTS.map((v) => [v.id, v.stock]));
  const carts = new Map<string, Cart>();
  let next = 1;

  function cartOf(req: http.IncomingMessage, res: http.ServerResponse): Cart {
    const token = /(?:^|;\s*)cart=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (token && carts.has(token)) return carts.get(token)!;
    const c: Cart = { token: `standin-${next++}`, note: '', attributes: {}, items: [] };
    carts.set(c.token, c);
    res.setHeader('Set-Cookie', `cart=${c.token}; Path=/; SameSite=Lax`);
    return c;
  }
  const variant = (id: unknown) => VARIANTS.find((v) => v.id === Number(id));
  const inCart = (c: Cart, id: number) => c.items.find((l) => l.id === id)?.quantity ?? 0;
  const lineJson = (l: Line) => {
    const v = variant(l.id)!;
    return {
      id: l.id, variant_id: l.id, key: `${l.id}:standin`, quantity: l.quantity, title: `${TITLE} - ${v.title}`,
      product_title: TITLE, variant_title: v.title, handle: HANDLE, price: v.price, final_price: v.price,
      line_price: v.price * l.quantity, final_line_price: v.price * l.quantity, properties: l.properties,
    };
  };
  const cartJson = (c: Cart) => ({
    token: c.token, note: c.note, attributes: c.attributes, currency: CURRENCY,
    item_count: c.items.reduce((n, l) => n + l.quantity, 0),
    total_price: c.items.reduce((n, l) => n + variant(l.id)!.price * l.quantity, 0),
    items: c.items.map(lineJson), requires_shipping: true,
  });
  /** Adds up to `quantity` of `id`: how many went in and why not all. */
  function add(c: Cart, id: number, quantity: number, properties: Record<string, string> = {}) {
    const v = variant(id)!;
    const left = stock.get(id)! - inCart(c, id);
    const n = Math.max(0, Math.min(quantity, left));
    if (n > 0) {
      const line = c.items.find((l) => l.id === id);
      if (line) line.quantity += n; else c.items.push({ id, quantity: n, properties });
    }
    const why = stock.get(id) === 0 ? 'sold_out' : left <= 0 ? 'maximum' : n < quantity ? 'partial' : null;
    return { v, n, why };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const p = url.pathname;
    try {
      if (req.method === 'GET' && p === '/') {
        return html(res, themePage(url.searchParams.get('theme') ?? 'configured', o.widgetOrigin, o.videoOrigin, url.searchParams.get('strategy') ?? ''));
      }
      if (req.method === 'GET' && p === '/manifests/shopify.json') {
        return json(res, 200, manifest(o.root, url.searchParams.get('strategy') ?? undefined));
      }
      if (req.method === 'GET' && p.startsWith('/img/') && /^\/img\/[a-z0-9-]+\.svg$/.test(p)) {
        res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
        return res.end(fs.readFileSync(path.join(o.root, 'www', p)));
      }
      if (req.method === 'GET' && p === '/cart.js') return json(res, 200, cartJson(cartOf(req, res)));
      if (req.method === 'GET' && p === `/products/${HANDLE}.js`) {
        return json(res, 200, {
          id: 8000000001, title: TITLE, handle: HANDLE, vendor: 'Rouge & Co', options: ['Shade'],
          price: Math.min(...VARIANTS.map((v) => v.price)), available: VARIANTS.some((v) => stock.get(v.id)! > 0),
          variants: VARIANTS.map((v) => ({
            id: v.id, title: v.title, option1: v.title, price: v.price, compare_at_price: v.compare_at_price,
            available: stock.get(v.id)! > 0,
          })),
        });
      }
      if (req.method === 'GET' && p.startsWith('/products/') && p.endsWith('.js')) {
        return json(res, 404, { status: 404, message: 'Not Found', description: 'Not Found' });
      }
      if (req.method === 'POST' && p === '/cart/add.js') {
        const c = cartOf(req, res);
        const body = await readBody(req);
        const items = Array.isArray(body?.items) ? body.items : body && body.id != null ? [body] : null;
        if (!items || items.length === 0) return json(res, 400, { status: 'bad_request', message: 'Parameter Missing or Invalid', description: 'Required parameter missing or invalid: items' });
        const added: Line[] = [];
        for (const it of items) {
          if (!variant(it.id)) return json(res, 404, { status: 404, message: 'Cart Error', description: 'Cannot find variant' });
          const { v, n, why } = add(c, Number(it.id), Math.max(1, Number(it.quantity ?? 1)), it.properties ?? {});
          if (why === 'sold_out') return json(res, 422, { status: 422, message: 'Cart Error', description: `The product '${TITLE} - ${v.title}' is already sold out.` });
          if (why === 'maximum') return json(res, 422, { status: 422, message: 'Cart Error', description: 'The maximum quantity of this item is already in your cart.' });
          if (why === 'partial') return json(res, 422, { status: 422, message: 'Cart Error', description: `Only ${n} items were added to your cart.` });
          added.push(c.items.find((l) => l.id === v.id)!);
        }
        return json(res, 200, { items: added.map(lineJson) });
      }
      if (req.method === 'POST' && p === '/cart/update.js') {
        const c = cartOf(req, res);
        const body = await readBody(req);
        if (!body) return json(res, 400, { status: 'bad_request', message: 'Bad Request', description: 'Body is not JSON' });
        for (const [k, v] of Object.entries(body.attributes ?? {})) {
          // Shopify removes an attribute set to an empty string.
          if (v === '' || v == null) delete c.attributes[k]; else c.attributes[k] = String(v);
        }
        if (typeof body.note === 'string') c.note = body.note;
        return json(res, 200, cartJson(c));
      }
      // The configured theme's updateCart: the Storefront API's cartLinesAdd
      // result shape ({cart, userErrors, warnings}, API 2024-10+).
      if (req.method === 'POST' && p === '/_theme/cart-lines') {
        const c = cartOf(req, res);
        const body = await readBody(req);
        const warnings: object[] = [];
        const userErrors: object[] = [];
        for (const line of body?.lines ?? []) {
          const id = /^gid:\/\/shopify\/ProductVariant\/(\d+)$/.exec(String(line.merchandiseId))?.[1];
          if (!id || !variant(id)) {
            userErrors.push({ code: 'INVALID', field: ['lines', 'merchandiseId'], message: 'The merchandise with id ' + line.merchandiseId + ' does not exist.' });
            continue;
          }
          const { v, n, why } = add(c, Number(id), Math.max(1, Number(line.quantity ?? 1)));
          const target = `gid://shopify/CartLine/${v.id}`;
          if (why === 'sold_out' || why === 'maximum') warnings.push({ code: 'MERCHANDISE_OUT_OF_STOCK', message: `${TITLE} - ${v.title} is out of stock.`, target });
          else if (why === 'partial') warnings.push({ code: 'MERCHANDISE_NOT_ENOUGH_STOCK', message: `Only ${n} of ${TITLE} - ${v.title} could be added.`, target });
        }
        return json(res, 200, { cart: cartJson(c), userErrors, warnings });
      }
      if (req.method === 'GET' && (p === '/checkout' || p === '/cart')) {
        return html(res, `<!doctype html><title>Stand-in ${p.slice(1)}</title><h1>${p === '/cart' ? 'Your cart' : 'Checkout'}</h1>`);
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    } catch (e) {
      json(res, 500, { status: 500, message: 'Stand-in error', description: String(e) });
    }
  });
  return { ...(await listen(server)), setStock: (id, n) => { stock.set(id, n); } };
}

/** Listens on 127.0.0.1, a free port; closes when asked or after 30 minutes. */
export async function listen(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = setTimeout(() => server.close(), 30 * 60_000);
  stop.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { clearTimeout(stop); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

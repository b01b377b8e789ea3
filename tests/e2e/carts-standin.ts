// Stand-in WooCommerce and BigCommerce storefronts for tests/e2e/carts.spec.ts,
// written from their public documentation (CARTS.md says which page each
// part follows and what it leaves out). Node's http module only; each
// listens on 127.0.0.1, on a free port, and closes when the spec says so or
// after 30 minutes, whichever comes first.
//
// Both sell the hero manifest's Velvet Matte Lipstick at their own prices
// (EUR, not the manifest's USD), with one cart per browser (a session
// cookie), and serve a shop page that embeds the widget from `widgetOrigin`
// over the video from `videoOrigin`. The stock is shopify-standin.ts's:
// Ruby plenty, Nude 2 (a partial add of 3), Plum none, Coral plenty.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { html, json, listen, readBody } from './shopify-standin';

export interface Shade { manifest: string; title: string; woo: number; sku: string; price: number; regular: number; stock: number }
export const SHADES: Shade[] = [
  { manifest: 'vl-ruby', title: 'Ruby', woo: 813, sku: 'VL-RUBY', price: 2100, regular: 2600, stock: 10 },
  { manifest: 'vl-nude', title: 'Nude', woo: 814, sku: 'VL-NUDE', price: 2100, regular: 2600, stock: 2 },
  { manifest: 'vl-plum', title: 'Plum', woo: 815, sku: 'VL-PLUM', price: 2100, regular: 2100, stock: 0 },
  { manifest: 'vl-coral', title: 'Coral', woo: 816, sku: 'VL CORAL/1', price: 1800, regular: 1800, stock: 10 },
];
export const WOO_PRODUCT = 812;
const TITLE = 'Velvet Matte Lipstick';

/** One request as the store saw it (for the spec's checks on headers). */
export interface Seen { method: string; path: string; nonce: string | null; cartToken: string | null; answeredNonce: string | null; status: number }

export interface CartStandin {
  url: string;
  close(): Promise<void>;
  setStock(manifestVariant: string, stock: number): void;
  /** Every request, in order. */
  seen(): Seen[];
  /** WooCommerce: the next `times` writes are refused for their nonce (as
   *  when the session's nonce changed meanwhile), whatever they send. */
  refuseNextNonce(times?: number): void;
  /** The newest session's cart: (manifest variant, quantity, source). */
  lines(): Lines;
  /** Before each test: the catalogue's stock, no requests seen. */
  reset(): void;
}

/** The hero manifest with the platform's block on the lipstick. */
function manifest(root: string, platform: string): unknown {
  const m = JSON.parse(fs.readFileSync(path.join(root, 'www/manifests/hero.json'), 'utf8'));
  const p = m.products.find((p: any) => p.id === 'velvet-lipstick');
  if (platform === 'woocommerce') {
    p.woocommerce = { id: WOO_PRODUCT, variations: Object.fromEntries(SHADES.map((s) => [s.manifest, s.woo])) };
  } else {
    p.bigcommerce = { skus: Object.fromEntries(SHADES.map((s) => [s.manifest, s.sku])) };
  }
  m.checkout.strategy = platform;
  return m;
}

function shopPage(platform: string, widgetOrigin: string, videoOrigin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stand-in ${platform} shop</title>
<style>body{margin:0;font:14px system-ui,sans-serif} video{display:block;background:#000;width:100%;max-width:800px;aspect-ratio:16/9}</style>
<script>
  window.Shoppable = window.Shoppable || [];
  Shoppable.push(function (S) { S.attach(document.getElementById('v'), { manifest: '/manifests/${platform}.json' }); });
</script>
</head><body>
<header>Stand-in ${platform} shop</header>
<video id="v" src="${videoOrigin}/videos/hero.webm" muted playsinline controls preload="auto"></video>
<script async src="${widgetOrigin}/shoppable/v1/shoppable.js"></script>
</body></html>`;
}

interface Session { id: string; nonce: string; lines: Map<string, { quantity: number; source: string }> }

/** Starts the stand-in for `platform`. */
export async function startCartStandin(o: { platform: 'woocommerce' | 'bigcommerce'; root: string; widgetOrigin: string; videoOrigin: string }): Promise<CartStandin> {
  const stock = new Map(SHADES.map((s) => [s.manifest, s.stock]));
  const sessions = new Map<string, Session>();
  const seen: Seen[] = [];
  let next = 1;
  let nonces = 1;
  let refuseNonce = 0;
  const cookie = o.platform === 'woocommerce' ? 'wp_woocommerce_session_standin' : 'SHOP_SESSION_TOKEN';

  function session(req: http.IncomingMessage, res: http.ServerResponse): Session {
    const id = new RegExp(`(?:^|;\\s*)${cookie}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
    if (id && sessions.has(id)) return sessions.get(id)!;
    const s: Session = { id: `standin-${next++}`, nonce: `n${nonces++}`, lines: new Map() };
    sessions.set(s.id, s);
    res.setHeader('Set-Cookie', `${cookie}=${s.id}; Path=/; SameSite=Lax`);
    return s;
  }
  const shadeBy = (k: 'woo' | 'sku', v: unknown) => SHADES.find((s) => String(s[k]) === String(v));

  // WooCommerce: the Store API's cart (items with id and quantity).
  const wooCart = (s: Session) => {
    const items = [...s.lines].map(([m, l]) => {
      const shade = SHADES.find((x) => x.manifest === m)!;
      return {
        key: `key-${shade.woo}`, id: shade.woo, quantity: l.quantity, name: `${TITLE} - ${shade.title}`,
        prices: { price: String(shade.price), currency_code: 'EUR', currency_minor_unit: 2 },
      };
    });
    return {
      items, items_count: items.reduce((n, i) => n + i.quantity, 0), coupons: [], errors: [],
      totals: { currency_code: 'EUR', currency_minor_unit: 2, total_price: String(items.reduce((n, i) => n + Number(i.prices.price) * i.quantity, 0)) },
    };
  };
  const wooError = (res: http.ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { code, message, data: { status } });
  const wooProduct = (shade: Shade) => ({
    id: shade.woo, parent: WOO_PRODUCT, type: 'variation', name: `${TITLE} - ${shade.title}`,
    prices: {
      price: String(shade.price), regular_price: String(shade.regular), sale_price: String(shade.price),
      currency_code: 'EUR', currency_symbol: '€', currency_minor_unit: 2, currency_decimal_separator: '.',
      currency_thousand_separator: ',', currency_prefix: '€', currency_suffix: '',
    },
    is_purchasable: true, is_in_stock: stock.get(shade.manifest)! > 0,
  });

  // BigCommerce: the Storefront Cart API's list of carts.
  const bcCarts = (s: Session) => s.lines.size === 0 ? [] : [{
    id: `cart-${s.id}`, currency: { code: 'EUR' },
    lineItems: {
      physicalItems: [...s.lines].map(([m, l]) => {
        const shade = SHADES.find((x) => x.manifest === m)!;
        return { id: `line-${shade.sku}`, sku: shade.sku, name: TITLE, quantity: l.quantity, salePrice: shade.price / 100 };
      }),
      digitalItems: [], giftCertificates: [], customItems: [],
    },
  }];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const p = url.pathname;
    const record: Seen = {
      method: req.method ?? '', path: p + url.search, nonce: (req.headers['nonce'] as string) ?? null,
      cartToken: (req.headers['cart-token'] as string) ?? null, answeredNonce: null, status: 0,
    };
    const origWriteHead = res.writeHead.bind(res);
    (res as any).writeHead = (status: number, ...rest: any[]) => { record.status = status; return origWriteHead(status, ...rest); };
    if (p.startsWith('/wp-json/') || p.startsWith('/cart.php') || p.startsWith('/api/')) seen.push(record);
    try {
      if (req.method === 'GET' && p === '/') return html(res, shopPage(o.platform, o.widgetOrigin, o.videoOrigin));
      if (req.method === 'GET' && p === `/manifests/${o.platform}.json`) return json(res, 200, manifest(o.root, o.platform));
      if (req.method === 'GET' && /^\/img\/[a-z0-9-]+\.svg$/.test(p)) {
        res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
        return res.end(fs.readFileSync(path.join(o.root, 'www', p)));
      }
      if (o.platform === 'woocommerce' && p.startsWith('/wp-json/wc/store/v1/')) {
        const s = session(req, res);
        const route = p.slice('/wp-json/wc/store/v1/'.length);
        // Every answer carries the session's current nonce (rotated on each
        // write here, so a client that does not refresh it is caught).
        const answer = () => { res.setHeader('Nonce', s.nonce); record.answeredNonce = s.nonce; };
        if (req.method === 'GET' && route === 'cart') { answer(); return json(res, 200, wooCart(s)); }
        const product = /^products\/(\d+)$/.exec(route);
        if (req.method === 'GET' && product) {
          answer();
          const shade = shadeBy('woo', product[1]);
          if (!shade) return wooError(res, 404, 'woocommerce_rest_product_invalid_id', 'Invalid product ID.');
          return json(res, 200, wooProduct(shade));
        }
        if (req.method === 'POST' && route === 'cart/add-item') {
          const sent = req.headers['nonce'];
          if (refuseNonce > 0 || (sent && sent !== s.nonce)) {
            refuseNonce = Math.max(0, refuseNonce - 1);
            answer();
            return wooError(res, 403, 'woocommerce_rest_invalid_nonce', 'Nonce is invalid.');
          }
          if (!sent) { answer(); return wooError(res, 401, 'woocommerce_rest_missing_nonce', 'Missing the Nonce header. This endpoint requires a valid nonce.'); }
          s.nonce = `n${nonces++}`;
          answer();
          const body = await readBody(req);
          const shade = shadeBy('woo', body?.id);
          if (!shade) return wooError(res, 400, 'woocommerce_rest_cart_invalid_product', 'No product found with the ID provided.');
          const qty = Math.max(1, Number(body.quantity ?? 1));
          const left = stock.get(shade.manifest)!;
          const name = `&quot;${TITLE} - ${shade.title}&quot;`;
          if (left === 0) return wooError(res, 400, 'woocommerce_rest_product_out_of_stock', `You cannot add ${name} to the cart because the product is out of stock.`);
          const inCart = s.lines.get(shade.manifest)?.quantity ?? 0;
          if (left < inCart + qty) {
            return wooError(res, 400, 'woocommerce_rest_product_partially_out_of_stock', `You cannot add that amount of ${name} to the cart because there is not enough stock (${left} remaining).`);
          }
          s.lines.set(shade.manifest, { quantity: inCart + qty, source: '' });
          return json(res, 201, wooCart(s));
        }
        answer();
        return wooError(res, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
      }
      if (o.platform === 'woocommerce' && req.method === 'GET' && p === '/checkout/') {
        return html(res, '<!doctype html><title>Checkout</title><h1>Checkout</h1>');
      }
      if (o.platform === 'bigcommerce' && req.method === 'GET' && p === '/cart.php') {
        const s = session(req, res);
        const action = url.searchParams.get('action');
        if (action === 'add' || action === 'buy') {
          const shade = shadeBy('sku', url.searchParams.get('sku'));
          if (shade) {
            const qty = Math.max(1, Number(url.searchParams.get('qty') ?? 1));
            const inCart = s.lines.get(shade.manifest)?.quantity ?? 0;
            // What the stock allows (CARTS.md: BigCommerce's page does not say).
            const n = Math.max(0, Math.min(qty, stock.get(shade.manifest)! - inCart));
            if (n > 0) s.lines.set(shade.manifest, { quantity: inCart + n, source: url.searchParams.get('source') ?? '' });
          }
          res.writeHead(302, { Location: action === 'buy' ? '/checkout' : '/cart.php' });
          return res.end();
        }
        return html(res, '<!doctype html><title>Your Cart</title><h1>Your Cart</h1>');
      }
      if (o.platform === 'bigcommerce' && req.method === 'GET' && p === '/api/storefront/carts') {
        return json(res, 200, bcCarts(session(req, res)));
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    } catch (e) {
      json(res, 500, { code: 'standin_error', message: String(e), data: { status: 500 } });
    }
  });
  return {
    ...(await listen(server)),
    setStock: (m, n) => { stock.set(m, n); },
    seen: () => seen.map((r) => ({ ...r })),
    refuseNextNonce: (times = 1) => { refuseNonce = times; },
    lines: () => {
      const s = [...sessions.values()].at(-1);
      return s ? [...s.lines].map(([m, l]) => [m, l.quantity, l.source] as [string, number, string]) : [];
    },
    reset: () => {
      for (const s of SHADES) stock.set(s.manifest, s.stock);
      seen.length = 0;
      refuseNonce = 0;
    },
  };
}

/** The lines of the session's cart, for the spec: (manifest variant, quantity, source). */
export type Lines = [string, number, string][];

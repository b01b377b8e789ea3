// A page using the npm package, compiled (never run) by types.spec.ts: it
// must type-check. The @ts-expect-error lines make sure the details are typed
// (an `any` detail would leave them unused, which is an error).
import { attach, load, type Manifest, type ShoppableOptions } from '@shoppable/video';
import { insertJsonLd, jsonLd, jsonLdScript } from '@shoppable/video/seo';

const manifest: Manifest = {
  version: 1,
  video: { id: 'spring-drop', aspect: [16, 9] },
  currency: 'USD',
  products: [
    {
      id: 'velvet-lipstick',
      title: 'Velvet Matte Lipstick',
      price: 1900,
      options: ['Shade'],
      variants: [{ id: 'vl-ruby', options: ['Ruby'], available: true, max_per_order: 3 }],
    },
  ],
  tags: [{ id: 't1', product: 'velvet-lipstick', start: 1, end: 4, keyframes: [{ t: 1, x: 0.5, y: 0.4 }] }],
  checkout: { strategy: 'auto' },
  analytics: ['gtag'],
};

const options: ShoppableOptions = {
  manifest,
  pauseOnOpen: false,
  locale: 'fr-CA',
  analytics: ['dataLayer', 'fbq'],
  consent: { analytics: true, marketing: false },
  events: false,
  fullscreen: 'takeover',
  paymentOptions: { requestPayerName: true },
  hooks: {
    async onAddToCart(item) {
      return item.quantity <= 3 ? { ok: true } : { ok: false, reason: 'out_of_stock' };
    },
  },
};

const video = document.querySelector('video')!;
const handle = await attach(video, options);
handle
  ?.on('tag_click', (e) => {
    const id: string = e.detail.items[0].item_id;
    const value: string = e.detail.value;
    const minor: number = e.detail.value_minor;
    const tag: string | null = e.detail.tag_id;
    // @ts-expect-error: money in a detail is a decimal string, never a number
    const wrong: number = e.detail.value;
    console.log(id, value, minor, tag, wrong);
  })
  .on('purchase', (e) => {
    const order: string = e.detail.order_id;
    const variant: string | undefined = e.detail.items[0].item_variant;
    // @ts-expect-error: a purchase has no `message`
    console.log(order, variant, e.detail.message);
  });
video.addEventListener('shoppable:ready', (e) => {
  const warnings: string[] = e.detail.warnings;
  console.log(e.detail.products, warnings);
});
const api = await load({ base: '/shoppable/0.1.0/' });
console.log(api.has(video));
handle?.destroy();

// The JSON-LD helper's subpath export (`@shoppable/video/seo`).
const ld = await jsonLd(manifest, {
  name: 'Spring drop',
  thumbnailUrl: 'https://brand.example/spring.jpg',
  uploadDate: '2026-03-01',
  pageUrl: 'https://brand.example/spring',
});
const script: HTMLScriptElement = await insertJsonLd('/manifests/hero.json', {
  name: 'Hero',
  thumbnailUrl: 'https://brand.example/hero.jpg',
  uploadDate: '2026-03-01',
  pageUrl: 'https://brand.example/hero',
});
// @ts-expect-error: a page needs its pageUrl
await jsonLdScript(manifest, { name: 'x', thumbnailUrl: 'https://a.example/t.jpg', uploadDate: '2026-03-01' });
console.log(ld['@type'], script.text);

// Shared helpers for the end-to-end tests: the manifest and its maths (keyframe
// interpolation, object-fit mapping), reading the widget's DOM (overlay, tag
// centres, the deep active element), driving the video (seek and settle) and
// collecting console messages, requests and `shoppable:*` events.
//
// The expected positions are computed here, independently of the widget: from
// the manifest JSON, the video element's content box (getBoundingClientRect
// minus border and padding), its computed object-fit / object-position and its
// videoWidth / videoHeight.
import { expect, type ConsoleMessage, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? '';
export const WIDGET_ORIGIN = process.env.WIDGET_ORIGIN ?? '';
/** Rows of `query` against the server's own SQLite file (the sqlite3 CLI reads its WAL too). */
export function sql(query: string): any[] {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set: run through `cargo xtask test` or playwright.config.ts');
  const out = execFileSync('sqlite3', ['-json', '-readonly', path.join(dir, 'orders.sqlite3'), query], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** The widget's files by their unhashed names: a release serves them as
 *  `shoppable-core.<hash>.js`, `shoppable-core_bg.<hash>.wasm`, the hash 16
 *  characters of the file's SRI hash (base64, others than letters and digits as `_`) (see `unhashed`). */
export const GLUE = 'shoppable-core.js';
export const SHOP_WASM = 'shoppable-shop_bg.wasm';
export const WASM = 'shoppable-core_bg.wasm';

/** Loading the widget, the manifest and the video may be slow on a loaded machine. */
export const LOAD_TIMEOUT = 30_000;
/** The tolerances. */
export const TIME_TOLERANCE = 0.25;
export const PX_TOLERANCE = 4;

// ---------------------------------------------------------------------------
// The manifest

export interface Keyframe { t: number; x: number; y: number }
export interface Tag { id: string; product: string; start: number; end: number; keyframes: Keyframe[] }
export interface Variant {
  id: string; options: string[]; price: number; compare_at?: number; available?: boolean; max_per_order?: number;
}
export interface Product {
  id: string; title: string; brand?: string; price: number; compare_at?: number;
  options?: string[]; variants?: Variant[]; url?: string; image?: string;
}
export interface Manifest {
  version: number; video: { id: string; aspect?: [number, number] }; currency: string; locale?: string;
  products: Product[]; tags: Tag[];
}

const manifests = new Map<string, Promise<Manifest>>();

/** The manifest as the server serves it (fetched by the test, not by the widget). */
export function fetchManifest(page: Page, path: string): Promise<Manifest> {
  let m = manifests.get(path);
  if (!m) {
    m = (async () => {
      const res = await page.request.get(new URL(path, BASE_URL).href);
      expect(res.ok(), `GET ${path}`).toBeTruthy();
      return (await res.json()) as Manifest;
    })();
    manifests.set(path, m);
  }
  return m;
}

export function tagById(m: Manifest, id: string): Tag {
  const t = m.tags.find((t) => t.id === id);
  if (!t) throw new Error(`no tag ${id} in manifest ${m.video.id}`);
  return t;
}

export function productById(m: Manifest, id: string): Product {
  const p = m.products.find((p) => p.id === id);
  if (!p) throw new Error(`no product ${id} in manifest ${m.video.id}`);
  return p;
}

/** A tag is shown while start <= t < end. */
export function isActive(tag: Tag, t: number): boolean {
  return tag.start <= t && t < tag.end;
}

/** Linear interpolation between keyframes, held at the first and last. */
export function positionAt(tag: Tag, t: number): { x: number; y: number } {
  const kf = [...tag.keyframes].sort((a, b) => a.t - b.t);
  if (kf.length === 0) throw new Error(`tag ${tag.id} has no keyframes`);
  if (t <= kf[0].t) return { x: kf[0].x, y: kf[0].y };
  const last = kf[kf.length - 1];
  if (t >= last.t) return { x: last.x, y: last.y };
  for (let i = 1; i < kf.length; i++) {
    const a = kf[i - 1], b = kf[i];
    if (t < b.t) {
      const f = (t - a.t) / (b.t - a.t);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
  }
  return { x: last.x, y: last.y };
}

/** The first time a product is on screen (the earliest start of its tags). */
export function firstAppearance(m: Manifest, productId: string): number {
  const starts = m.tags.filter((t) => t.product === productId).map((t) => t.start);
  if (!starts.length) throw new Error(`product ${productId} has no tag`);
  return Math.min(...starts);
}

// ---------------------------------------------------------------------------
// Geometry: where the picture is drawn, and where a frame fraction lands

export interface Rect { left: number; top: number; width: number; height: number }

export interface VideoGeometry {
  /** The content box in viewport coordinates. */
  content: Rect;
  videoWidth: number;
  videoHeight: number;
  objectFit: string;
  objectPosition: string;
  /** The player's control strip: tags are hidden in this many px at the
   *  bottom of the content box (48 for a bare `<video controls>`). */
  band?: number;
}

/** The band the widget reserves for a bare `<video controls>`'s own controls. */
export const NATIVE_CONTROLS_BAND = 48;

/** Runs in the page: the video's content box and how the picture fits in it. */
function readVideoGeometry(v: HTMLVideoElement) {
  const r = v.getBoundingClientRect();
  const s = getComputedStyle(v);
  const n = (p: string) => parseFloat(s.getPropertyValue(p)) || 0;
  return {
    content: {
      left: r.left + n('border-left-width') + n('padding-left'),
      top: r.top + n('border-top-width') + n('padding-top'),
      width: r.width - n('border-left-width') - n('padding-left') - n('padding-right') - n('border-right-width'),
      height: r.height - n('border-top-width') - n('padding-top') - n('padding-bottom') - n('border-bottom-width'),
    },
    videoWidth: v.videoWidth,
    videoHeight: v.videoHeight,
    objectFit: s.objectFit,
    objectPosition: s.objectPosition,
    // NATIVE_CONTROLS_BAND (this runs in the page, without the module's
    // names) at the bottom of the element's box, less what lies below the content box.
    band: v.controls ? Math.max(0, 48 - n('border-bottom-width') - n('padding-bottom')) : 0,
  };
}

/** One axis of a computed object-position: offset = fraction * free + px. */
function axisOffset(token: string, free: number): number {
  const kw: Record<string, number> = { left: 0, top: 0, center: 0.5, right: 1, bottom: 1 };
  if (token in kw) return kw[token] * free;
  if (token.endsWith('%')) return (parseFloat(token) / 100) * free;
  if (token.endsWith('px')) return parseFloat(token);
  if (token === '0') return 0;
  throw new Error(`object-position component "${token}" is not handled by the test helper`);
}

/** The picture's rectangle, relative to the content box's top-left. */
export function pictureRect(g: VideoGeometry): Rect {
  const cw = g.content.width, ch = g.content.height, iw = g.videoWidth, ih = g.videoHeight;
  if (!(cw > 0 && ch > 0 && iw > 0 && ih > 0)) throw new Error(`unusable geometry ${JSON.stringify(g)}`);
  let w: number, h: number;
  switch (g.objectFit) {
    case 'contain': { const s = Math.min(cw / iw, ch / ih); w = iw * s; h = ih * s; break; }
    case 'cover': { const s = Math.max(cw / iw, ch / ih); w = iw * s; h = ih * s; break; }
    case 'none': w = iw; h = ih; break;
    case 'scale-down': { const s = Math.min(1, cw / iw, ch / ih); w = iw * s; h = ih * s; break; }
    default: w = cw; h = ch; // fill
  }
  const parts = g.objectPosition.trim().split(/\s+/);
  let [px, py] = parts.length === 1 ? [parts[0], 'center'] : parts;
  if (parts.length > 2) throw new Error(`object-position "${g.objectPosition}" is not handled by the test helper`);
  if (px === 'top' || px === 'bottom' || py === 'left' || py === 'right') [px, py] = [py, px];
  return { left: axisOffset(px, cw - w), top: axisOffset(py, ch - h), width: w, height: h };
}

export interface Expected {
  /** Viewport coordinates of the point. */
  x: number;
  y: number;
  /** Inside the visible picture (picture ∩ content box), above the control band. */
  visible: boolean;
  /** Distance (px) from the nearest edge of the visible area: negative outside. */
  margin: number;
}

/** Where frame fraction (fx, fy) is drawn, in viewport coordinates. */
export function expectedPoint(g: VideoGeometry, fx: number, fy: number): Expected {
  const pic = pictureRect(g);
  const ox = pic.left + fx * pic.width, oy = pic.top + fy * pic.height;
  const x0 = Math.max(pic.left, 0), x1 = Math.min(pic.left + pic.width, g.content.width);
  // Above the player's control band, whose top edge counts as above it.
  const y0 = Math.max(pic.top, 0), y1 = Math.min(pic.top + pic.height, g.content.height - (g.band ?? 0));
  const margin = Math.min(ox - x0, x1 - ox, oy - y0, y1 - oy);
  return { x: g.content.left + ox, y: g.content.top + oy, visible: margin >= 0, margin };
}

// ---------------------------------------------------------------------------
// Reading the widget

export interface TagBox { id: string; cx: number; cy: number; width: number; height: number; label: string }

export interface Snapshot {
  time: number;
  paused: boolean;
  geometry: VideoGeometry;
  /** Whether the element right after the video is the widget's overlay. */
  hasOverlay: boolean;
  tags: TagBox[];
}

/** Everything about one video and its overlay, read in a single evaluation (one layout). */
export async function snapshot(page: Page, videoSelector: string): Promise<Snapshot> {
  return page.evaluate(
    ([sel, readSrc]) => {
      const v = document.querySelector(sel) as HTMLVideoElement | null;
      if (!v) throw new Error(`no element ${sel}`);
      const read = new Function(`return (${readSrc})`)() as (v: HTMLVideoElement) => VideoGeometry;
      const ov = v.nextElementSibling;
      const hasOverlay = !!ov && ov.localName === 'shoppable-overlay' && !!ov.shadowRoot;
      const tags = hasOverlay
        ? [...ov!.shadowRoot!.querySelectorAll<HTMLElement>('button.tag')].map((b) => {
            const r = b.getBoundingClientRect();
            return {
              id: b.dataset.tagId ?? '',
              cx: r.left + r.width / 2,
              cy: r.top + r.height / 2,
              width: r.width,
              height: r.height,
              label: b.getAttribute('aria-label') ?? '',
            };
          })
        : [];
      return { time: v.currentTime, paused: v.paused, geometry: read(v), hasOverlay, tags };
    },
    [videoSelector, readVideoGeometry.toString()] as const,
  );
}

export interface TagCheck { id: string; expected: Expected; actual?: TagBox }

/**
 * Compares the rendered tags of one video with the manifest at the video's
 * current time: every active tag whose point is visible is rendered within
 * PX_TOLERANCE px of where the manifest puts it, and no other tag is rendered.
 * Tags within 1 px of the visible area's edge are ambiguous (rounding) and only
 * checked for position when rendered. Returns what it compared.
 */
export async function expectTagsPlaced(page: Page, videoSelector: string, m: Manifest): Promise<TagCheck[]> {
  const snap = await snapshot(page, videoSelector);
  expect(snap.hasOverlay, `${videoSelector} is followed by its shoppable-overlay`).toBe(true);
  const checks: TagCheck[] = [];
  const why = (extra: string) =>
    `${videoSelector} at t=${snap.time.toFixed(3)}: ${extra}\nrendered: ${JSON.stringify(snap.tags)}\ngeometry: ${JSON.stringify(snap.geometry)}`;
  for (const tag of m.tags) {
    if (!isActive(tag, snap.time)) {
      expect(snap.tags.find((b) => b.id === tag.id), why(`tag ${tag.id} is not active, yet rendered`)).toBeUndefined();
      continue;
    }
    const p = positionAt(tag, snap.time);
    const e = expectedPoint(snap.geometry, p.x, p.y);
    const actual = snap.tags.find((b) => b.id === tag.id);
    checks.push({ id: tag.id, expected: e, actual });
    if (Math.abs(e.margin) >= 1) {
      if (e.visible) expect(actual, why(`active, visible tag ${tag.id} is not rendered (expected at ${e.x.toFixed(1)},${e.y.toFixed(1)})`)).toBeDefined();
      else expect(actual, why(`tag ${tag.id} is cropped out (${(-e.margin).toFixed(1)} px outside), yet rendered`)).toBeUndefined();
    }
    if (actual) {
      // Its own product, not another video's (tag ids repeat across manifests).
      const title = m.products.find((p) => p.id === tag.product)?.title;
      expect(actual.label.startsWith(`${title}, `), why(`tag ${tag.id} is labelled "${actual.label}", not "${title}, …"`)).toBe(true);
      const dx = actual.cx - e.x, dy = actual.cy - e.y;
      expect(Math.abs(dx), why(`tag ${tag.id} dx=${dx.toFixed(2)} (expected x ${e.x.toFixed(2)})`)).toBeLessThanOrEqual(PX_TOLERANCE);
      expect(Math.abs(dy), why(`tag ${tag.id} dy=${dy.toFixed(2)} (expected y ${e.y.toFixed(2)})`)).toBeLessThanOrEqual(PX_TOLERANCE);
    }
  }
  for (const b of snap.tags) {
    expect(m.tags.some((t) => t.id === b.id), why(`rendered tag ${b.id} is not in the manifest`)).toBe(true);
  }
  return checks;
}

/** Waits until the overlay right after the video is mounted and placed (its "Shop this video" button is laid out). */
export async function waitForOverlay(page: Page, videoSelector: string, timeout = LOAD_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const v = document.querySelector(sel);
      const ov = v?.nextElementSibling;
      if (!ov || ov.localName !== 'shoppable-overlay' || !ov.shadowRoot) return false;
      const shop = ov.shadowRoot.querySelector('button.shop');
      return !!shop && shop.getBoundingClientRect().width > 0;
    },
    videoSelector,
    { timeout, polling: 100 },
  );
}

/** Waits until the video knows its size (readyState >= HAVE_METADATA). */
export async function waitForMetadata(page: Page, videoSelector: string, timeout = LOAD_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const v = document.querySelector(sel) as HTMLVideoElement | null;
      return !!v && v.readyState >= 1 && v.videoWidth > 0;
    },
    videoSelector,
    { timeout, polling: 100 },
  );
}

/** Opens a page and waits for the overlay on its video, with the video's metadata loaded. */
export async function openWidget(page: Page, path: string, videoSelector = '#v'): Promise<void> {
  // Kept for the error message only: why the overlay did not come.
  const said: string[] = [];
  const onConsole = (m: ConsoleMessage) => { if (m.type() === 'error' || m.type() === 'warning') said.push(`${m.type()}: ${m.text()}`); };
  const onFailed = (r: Request) => said.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  page.on('console', onConsole);
  page.on('requestfailed', onFailed);
  try {
    await page.goto(path);
    await page.locator(videoSelector).scrollIntoViewIfNeeded();
    await waitForMetadata(page, videoSelector);
    await waitForOverlay(page, videoSelector);
  } catch (e) {
    throw new Error(`${path}: the widget did not mount on ${videoSelector}; the page said:\n${said.join('\n') || '(nothing)'}\n${e}`);
  } finally {
    page.off('console', onConsole);
    page.off('requestfailed', onFailed);
  }
}

/** Pauses, seeks to `t`, waits for `seeked` and then two animation frames. Returns currentTime. */
export async function seekPaused(page: Page, videoSelector: string, t: number): Promise<number> {
  return page.evaluate(
    async ([sel, t]) => {
      const v = document.querySelector(sel) as HTMLVideoElement;
      v.pause();
      await new Promise<void>((resolve) => {
        v.addEventListener('seeked', () => resolve(), { once: true });
        v.currentTime = t;
      });
      await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      return v.currentTime;
    },
    [videoSelector, t] as const,
  );
}

/** Starts playback (muted videos may autoplay) and waits for the `playing` state. */
export async function play(page: Page, videoSelector: string): Promise<void> {
  await page.evaluate(async (sel) => {
    const v = document.querySelector(sel) as HTMLVideoElement;
    v.muted = true;
    await v.play();
  }, videoSelector);
}

/** Resolves once currentTime has moved on by `by` seconds of media time. */
export async function expectTimeAdvances(page: Page, videoSelector: string, by = 0.3): Promise<void> {
  const t0 = await page.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).currentTime, videoSelector);
  await expect
    .poll(() => page.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).currentTime, videoSelector), {
      timeout: LOAD_TIMEOUT,
      message: `currentTime of ${videoSelector} advances past ${t0 + by}`,
    })
    .toBeGreaterThan(t0 + by);
}

export async function isPaused(page: Page, videoSelector: string): Promise<boolean> {
  return page.evaluate((sel) => (document.querySelector(sel) as HTMLVideoElement).paused, videoSelector);
}

/** Runs in the page: the focused element, followed through open shadow roots. */
export function deepActiveElementInPage(): Element | null {
  let a: Element | null = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export interface FocusInfo { tag: string; className: string; tagId: string | null; inDialog: boolean; inOverlay: boolean; label: string | null }

/** A description of the deep active element. */
export async function deepFocus(page: Page): Promise<FocusInfo | null> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const root = a.getRootNode();
    return {
      tag: a.localName,
      className: typeof a.className === 'string' ? a.className : '',
      tagId: a.getAttribute('data-tag-id'),
      inDialog: !!a.closest('dialog'),
      inOverlay: root instanceof ShadowRoot && root.host.localName === 'shoppable-overlay',
      label: a.getAttribute('aria-label'),
    };
  });
}

// ---------------------------------------------------------------------------
// Collecting what the page says and does

export interface ConsoleLog {
  errors: string[]; warnings: string[]; pageErrors: string[]; failedRequests: string[]; all: ConsoleMessage[];
}

/** Runs `fn`; if it fails, the error also carries what the page logged by then. */
export async function explained<T>(log: ConsoleLog, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${what}\npage log: ${describeLog(log)}\n${e}`);
  }
}

/** Everything collected, for assertion messages. */
export function describeLog(log: ConsoleLog): string {
  return JSON.stringify({ errors: log.errors, warnings: log.warnings, pageErrors: log.pageErrors, failedRequests: log.failedRequests }, null, 1);
}

/** Starts collecting console errors and warnings and uncaught page errors (call before goto). */
export function collectConsole(page: Page): ConsoleLog {
  const log: ConsoleLog = { errors: [], warnings: [], pageErrors: [], failedRequests: [], all: [] };
  page.on('console', (msg) => {
    log.all.push(msg);
    if (msg.type() === 'error') log.errors.push(msg.text());
    else if (msg.type() === 'warning') log.warnings.push(msg.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('requestfailed', (r) => log.failedRequests.push(`${r.url()} (${r.failure()?.errorText})`));
  return log;
}

/** The console errors the widget (its loader or wasm) wrote: they start with "shoppable:". */
export function widgetErrors(log: ConsoleLog): string[] {
  return log.errors.filter((e) => e.startsWith('shoppable:'));
}

/** Starts recording requests whose URL contains one of `parts` (call before goto). */
/** A release file's URL with its content hash taken out of the name. */
export function unhashed(url: string): string {
  return url.replace(/\.\w{16}\.(js|wasm)$/, '.$1');
}

export function collectRequests(page: Page, ...parts: string[]): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (parts.some((p) => unhashed(r.url()).includes(p))) seen.push(r);
  });
  return seen;
}

export const EVENT_NAMES = [
  'ready', 'error', 'tag_view', 'tag_click', 'add_to_cart', 'begin_checkout', 'purchase',
] as const;

export interface RecordedEvent { type: string; target: string; detail: any }

/**
 * Records every `shoppable:*` event that reaches `window` (they bubble and are
 * composed), from before any page script runs. Read them with `events(page)`.
 */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript((names: readonly string[]) => {
    const w = window as any;
    w.__shoppableEvents = [];
    for (const n of names) {
      window.addEventListener(
        'shoppable:' + n,
        (e: Event) => {
          const t = e.target as Element | null;
          let detail: any = null;
          try { detail = JSON.parse(JSON.stringify((e as CustomEvent).detail)); } catch { detail = String((e as CustomEvent).detail); }
          w.__shoppableEvents.push({ type: e.type, target: t && t.id ? '#' + t.id : String(t && t.localName), detail });
        },
        true,
      );
    }
  }, EVENT_NAMES);
}

export async function events(page: Page, type?: string): Promise<RecordedEvent[]> {
  const all = (await page.evaluate(() => (window as any).__shoppableEvents ?? [])) as RecordedEvent[];
  return type ? all.filter((e) => e.type === type) : all;
}

/** Formats minor units the way the issue states: Intl.NumberFormat on the exact decimal. */
export function minorToDecimal(minor: number, digits: number): string {
  const neg = minor < 0;
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const out = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return (neg ? '-' : '') + out;
}

/** window.PaymentRequest, and only it, replaced by a stand-in whose sheet
 *  approves at once with `token` (headless Chromium has no payment app). Every
 *  show() is recorded in `window.__payments` with its methods, details and
 *  options, the result passed to complete(), and whether it ran inside a
 *  click's dispatch (`inTap`): a capture listener marks the click and a task
 *  queued then unmarks it, so a show() after any await reads false. The payer's
 *  name and address come back only when the options ask for them.
 *  `canMakeDelay` holds canMakePayment()'s answer back that many ms. */
export async function approvingPaymentSheet(page: Page, token = 'tok_test_approve', canMakeDelay = 0): Promise<void> {
  await page.addInitScript(([tok, delay]: [string, number]) => {
    const w = window as any;
    w.__payments = [];
    w.__inTap = false;
    w.addEventListener('click', () => { w.__inTap = true; setTimeout(() => { w.__inTap = false; }, 0); }, true);
    class ApprovingPaymentRequest {
      methods: any; details: any; options: any;
      constructor(methods: any, details: any, options: any) { this.methods = methods; this.details = details; this.options = options || {}; }
      canMakePayment() { return new Promise((r) => setTimeout(() => r(true), delay)); }
      abort() { return Promise.resolve(); }
      show() {
        const rec: any = { methods: this.methods, details: this.details, options: this.options, completed: null, inTap: w.__inTap };
        w.__payments.push(rec);
        return Promise.resolve({
          methodName: 'https://google.com/pay',
          details: { token: tok },
          payerName: this.options.requestPayerName ? 'Ada Lovelace' : null, payerEmail: null, payerPhone: null,
          shippingAddress: this.options.requestShipping ? { country: 'GB', addressLine: ['12 St James Sq'], city: 'London', postalCode: 'SW1Y 4JH', recipient: 'Ada Lovelace' } : null,
          complete(result: string) { rec.completed = result; return Promise.resolve(); },
        });
      }
    }
    w.PaymentRequest = ApprovingPaymentRequest;
  }, [token, canMakeDelay] as [string, number]);
}

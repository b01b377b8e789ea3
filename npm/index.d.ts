// The package's API, written by hand (index.js, and the loader's
// `Shoppable.attach`: README, "JavaScript API"); the events' `detail` and the
// manifest are generated from the widget's Rust types (types/generated/,
// by tests/ts_types.rs: never edit those by hand).

import type {
  CommerceDetail,
  ErrorDetail,
  Item,
  PurchaseDetail,
  ReadyDetail,
  VideoViewDetail,
} from './types/generated/events.js';
import type {
  JsonValue,
  Manifest,
  ManifestKeyframe,
  ManifestProduct,
  ManifestTag,
  ManifestVariant,
  ManifestVideo,
} from './types/generated/manifest.js';

export type {
  CommerceDetail,
  ErrorDetail,
  Item,
  JsonValue,
  Manifest,
  ManifestKeyframe,
  ManifestProduct,
  ManifestTag,
  ManifestVariant,
  ManifestVideo,
  PurchaseDetail,
  ReadyDetail,
  VideoViewDetail,
};

/** `shoppable:analytics_ready`'s detail (sent by the analytics adapters' own script). */
export interface AnalyticsReadyDetail {
  /** The adapters in use, e.g. `["gtag", "fbq"]`. */
  adapters: AnalyticsAdapter[];
}

/** Each `shoppable:<name>` DOM event's `detail`, by `<name>` (README, "Events"). */
export interface ShoppableEventMap {
  /** The overlay is mounted. */
  ready: ReadyDetail;
  /** The video first plays in this mount (once). */
  video_view: VideoViewDetail;
  /** A tag appears (once per appearance). */
  tag_view: CommerceDetail;
  /** A tag is tapped. */
  tag_click: CommerceDetail;
  /** A product's sheet is shown (once per showing). */
  product_view: CommerceDetail;
  /** An item went into the cart. */
  add_to_cart: CommerceDetail;
  /** Before the payment sheet, the host's checkout or the redirect. */
  begin_checkout: CommerceDetail;
  /** The server confirmed an order. */
  purchase: PurchaseDetail;
  /** The widget could not start; nothing is shown. */
  error: ErrorDetail;
  /** The analytics adapters started (only when some are asked for). */
  analytics_ready: AnalyticsReadyDetail;
}

export type ShoppableEventName = keyof ShoppableEventMap;

/** The analytics adapters (README, "Analytics"). */
export type AnalyticsAdapter = 'dataLayer' | 'gtag' | 'fbq' | 'segment';

/** What `hooks.onAddToCart` is given. Money as in the events: exact decimal string and minor units. */
export interface HostCartItem {
  product_id: string;
  variant_id: string;
  title: string;
  /** The variant's option values in words, e.g. "Ruby". */
  variant: string;
  quantity: number;
  /** The unit price as an exact decimal string (`"19.00"`). */
  price: string;
  /** The unit price in integer minor units (`1900`). */
  price_minor: number;
  currency: string;
}

/** What `hooks.onCheckout` is given. */
export interface HostCart {
  currency: string;
  /** The total as an exact decimal string. */
  value: string;
  /** The total in integer minor units. */
  value_minor: number;
  items: HostCartItem[];
}

/** A live price or stock level from `hooks.provideProducts`; `price` in minor units. */
export interface ProvidedProduct {
  product_id: string;
  variant_id?: string;
  price?: number;
  available?: boolean;
}

/** The page's own cart (README, "Checkout", strategy **host**). A hook that throws or takes over 8 s gives the viewer a clear message. */
export interface ShoppableHooks {
  /** Put an item in the page's cart; `reason: "out_of_stock"` is worded for the viewer, any other string is shown as given. */
  onAddToCart?(item: HostCartItem): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Take the viewer to the page's checkout with this cart. */
  onCheckout?(cart: HostCart): Promise<unknown>;
  /** Live prices and stock that override the manifest before the overlay mounts (alone, it does not make checkout the page's). */
  provideProducts?(ids: string[]): Promise<ProvidedProduct[]>;
}

/** A player the widget cannot find by itself (README, "Supported players", "anything else"). */
export interface HostPlayer {
  currentTime(): number;
  paused(): boolean;
  /** Listen for `timeupdate`, `play`, `pause`, `seeked`, `ratechange`, `durationchange`, `ended`. */
  on(name: string, fn: () => void): void;
  off?(name: string, fn: () => void): void;
  duration?(): number;
  play?(): void;
  pause?(): void;
  seek?(t: number): void;
}

/** The page's consent for the analytics adapters (README, "Analytics"). */
export interface ShoppableConsent {
  /** GA4 and Segment. */
  analytics?: boolean;
  /** Meta Pixel. */
  marketing?: boolean;
}

/** `Shoppable.attach`'s options (README, "JavaScript API"). */
export interface ShoppableOptions {
  /** The manifest: its URL (relative URLs resolve against the page), or the manifest itself. */
  manifest: string | Manifest;
  /** Pause while the product sheet is open, resume after (default `true`). */
  pauseOnOpen?: boolean;
  /** BCP 47 tag for price formatting (default: the manifest's `locale`, then the browser's). */
  locale?: string;
  /** BCP 47 tag for the widget's words (default: the manifest's `ui_language`, the page's `<html lang>`, then the browser's); one without a catalogue means English (README, "Languages"). */
  language?: string;
  /** The page's own cart: `onAddToCart`, `onCheckout`, `provideProducts`. */
  hooks?: ShoppableHooks;
  /** Payment methods for the browser's payment sheet; they take precedence over the manifest's `checkout.payment_methods`. */
  paymentMethods?: PaymentMethodData[];
  /** The payment sheet's options, e.g. `{ requestPayerName: true, requestShipping: false }`. */
  paymentOptions?: PaymentOptions;
  /** Analytics adapters to start (default: the manifest's `analytics`); `dataLayer` and `gtag` are alternatives. */
  analytics?: AnalyticsAdapter[];
  /** The page's consent for the analytics adapters. */
  consent?: ShoppableConsent;
  /** `false`: no first-party analytics beacons (default: on). */
  events?: boolean;
  /** The player: a kind (`"youtube"`, `"vimeo"`) for a self-hosted embed, `{ hls }` for an hls.js instance, or your own adapter; default: found from the element. */
  player?: 'youtube' | 'vimeo' | { hls: unknown } | HostPlayer;
  /** `"takeover"`: a "Full screen" button that puts the video and its tags in fullscreen together (for a bare `<video>`). */
  fullscreen?: 'takeover';
}

/** One mount, as `attach` returns it. */
export interface ShoppableHandle {
  /** Listen for `shoppable:<name>` on the element; `destroy()` removes the listener. */
  on<K extends ShoppableEventName>(name: K, listener: (event: CustomEvent<ShoppableEventMap[K]>) => void): ShoppableHandle;
  /** Removes every node, listener, observer and frame callback of this mount. */
  destroy(): void;
}

/** The loader's API, `window.Shoppable`. */
export interface ShoppableApi {
  /** Attaches to a player element; attaching it again replaces its earlier mount. `null` (and a console error) when `element` is not an element. */
  attach(element: Element, options: ShoppableOptions): ShoppableHandle | null;
  /** Whether `element` has a mount. */
  has(element: Element): boolean;
  /** Runs `fn` with the API (how calls queued before the loader ran are made). */
  push(fn: (api: ShoppableApi) => void): void;
}

export interface LoadOptions {
  /** The directory of the widget's files (this package's `dist/`, or a release's URL such as `https://cdn.example/shoppable/0.1.0/`); default: `dist/` beside this package's entry. */
  base?: string | URL;
}

/** Loads the widget once per page (a page whose own loader has already run keeps it) and resolves to its API. */
export function load(options?: LoadOptions): Promise<ShoppableApi>;

/** Loads the widget if needed and attaches it to `element`. */
export function attach(element: Element, options: ShoppableOptions): Promise<ShoppableHandle | null>;

declare global {
  interface HTMLElementEventMap {
    'shoppable:ready': CustomEvent<ReadyDetail>;
    'shoppable:video_view': CustomEvent<VideoViewDetail>;
    'shoppable:tag_view': CustomEvent<CommerceDetail>;
    'shoppable:tag_click': CustomEvent<CommerceDetail>;
    'shoppable:product_view': CustomEvent<CommerceDetail>;
    'shoppable:add_to_cart': CustomEvent<CommerceDetail>;
    'shoppable:begin_checkout': CustomEvent<CommerceDetail>;
    'shoppable:purchase': CustomEvent<PurchaseDetail>;
    'shoppable:error': CustomEvent<ErrorDetail>;
    'shoppable:analytics_ready': CustomEvent<AnalyticsReadyDetail>;
  }
}

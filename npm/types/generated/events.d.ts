// Generated from src/model/events.rs by tests/ts_types.rs (ts-rs); do not edit.
// Regenerate: UPDATE_TS_TYPES=1 cargo test -p shoppable --test ts_types

/**
 * One product line, in GA4's `items[]` shape.
 */
export type Item = { 
/**
 * The product's `id` in the manifest.
 */
item_id: string, 
/**
 * The product's title (plain text).
 */
item_name: string, 
/**
 * The product's brand; left out when it has none.
 */
item_brand?: string, 
/**
 * The variant's `id`: on cart events (`add_to_cart`, `begin_checkout`,
 * `purchase`) only.
 */
item_variant?: string, 
/**
 * The unit price as an exact decimal string in the manifest's currency (`"19.00"`).
 */
price: string, 
/**
 * The unit price in integer minor units (`1900`).
 */
price_minor: number, quantity: number, };

/**
 * `tag_view`, `tag_click`, `product_view`, `add_to_cart` and
 * `begin_checkout`: GA4-style, with the video and the moment that led to it.
 */
export type CommerceDetail = { 
/**
 * The manifest's `video.id`.
 */
video_id: string, 
/**
 * The tag (`tag_view`, `tag_click`), else the last tag tapped; `null` when none led to it.
 */
tag_id: string | null, 
/**
 * The video's time, in seconds.
 */
video_time: number, 
/**
 * The manifest's ISO 4217 currency code.
 */
currency: string, 
/**
 * The items' total as an exact decimal string (`"19.00"`): pass `Number(value)` to tools that want a number.
 */
value: string, 
/**
 * The items' total in integer minor units (`1900`).
 */
value_minor: number, items: Array<Item>, };

/**
 * `purchase`: the order the server confirmed.
 */
export type PurchaseDetail = { 
/**
 * The server's order id.
 */
order_id: string, 
/**
 * The same id, by GA4's name.
 */
transaction_id: string, 
/**
 * The manifest's `video.id`.
 */
video_id: string, 
/**
 * The tag (`tag_view`, `tag_click`), else the last tag tapped; `null` when none led to it.
 */
tag_id: string | null, 
/**
 * The video's time, in seconds.
 */
video_time: number, 
/**
 * The manifest's ISO 4217 currency code.
 */
currency: string, 
/**
 * The items' total as an exact decimal string (`"19.00"`): pass `Number(value)` to tools that want a number.
 */
value: string, 
/**
 * The items' total in integer minor units (`1900`).
 */
value_minor: number, items: Array<Item>, };

/**
 * `video_view`: the video first played in this mount (once).
 */
export type VideoViewDetail = { video_id: string, 
/**
 * Always `null`: no tag leads to a view (the field keeps the shape of the other events).
 */
tag_id: null, 
/**
 * Where playback started, in seconds.
 */
video_time: number, };

/**
 * `ready`: the overlay is mounted.
 */
export type ReadyDetail = { video_id: string, 
/**
 * How many products the manifest kept.
 */
products: number, 
/**
 * How many tags the manifest kept.
 */
tags: number, 
/**
 * The manifest's warnings, each naming its JSON path.
 */
warnings: Array<string>, };

/**
 * `error`: the widget could not start; nothing is shown and the video is left as it was.
 */
export type ErrorDetail = { 
/**
 * What failed, in words.
 */
message: string, };

// Generated from src/model/manifest/authoring.rs by tests/ts_types.rs (ts-rs); do not edit.
// Regenerate: UPDATE_TS_TYPES=1 cargo test -p shoppable --test ts_types

export type Manifest = { version: number, video: ManifestVideo, currency: string, locale?: string | null, 
/**
 * The widget's words' language (README, "Languages").
 */
ui_language?: string | null, products: Array<ManifestProduct>, tags?: Array<ManifestTag>, checkout?: JsonValue | null, live?: JsonValue | null, pins?: JsonValue | null, } & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

export type ManifestVideo = { id: string, aspect?: [number, number] | null, time_base?: string | null, epoch?: string | null, } & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

export type ManifestProduct = { id: string, title: string, brand?: string | null, image?: string | null, url?: string | null, description?: string | null, 
/**
 * Minor units.
 */
price: number, compare_at?: number | null, options?: Array<string>, variants?: Array<ManifestVariant>, } & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

export type ManifestVariant = { id: string, options?: Array<string>, price?: number | null, compare_at?: number | null, available?: boolean, max_per_order?: number | null, } & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

export type ManifestTag = { id: string, product: string, 
/**
 * Seconds, to the millisecond.
 */
start: number, end: number, keyframes: Array<ManifestKeyframe>, } & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

export type ManifestKeyframe = { t: number, x: number, y: number, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

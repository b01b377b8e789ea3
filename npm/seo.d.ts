// The JSON-LD helper (`@shoppable/video/seo`; README, "SEO"), written by hand
// beside dist/shoppable-seo.js: a page's schema.org VideoObject, a Clip per
// tagged span named after its product, by the same function as the server's
// GET /api/manifests/{video}/jsonld. Runs in a browser and in Node >= 18.

import type { Manifest } from './types/generated/manifest.js';

/** What the page says about its video, beyond the manifest. */
export interface VideoPage {
  /** The video's title. */
  name: string;
  /** An absolute http(s) URL of its thumbnail. */
  thumbnailUrl: string;
  /** ISO 8601 date or date-time, e.g. `2026-03-01`. */
  uploadDate: string;
  /** The page that shows the video (absolute http(s)); each Clip's `url` adds `t=<seconds>` to it. */
  pageUrl: string;
  description?: string;
  /** The video file's URL, when public (absolute http(s)). */
  contentUrl?: string;
}

/** A manifest object, its JSON text, or a URL to fetch it from (relative to the page in a browser). */
export type ManifestSource = Manifest | string | URL;

/** The `<script type="application/ld+json">` text (`<` escaped as `\u003c`). Rejects with an Error naming the JSON path or the page field. */
export function jsonLdScript(manifest: ManifestSource, page: VideoPage): Promise<string>;

/** The VideoObject, as an object. */
export function jsonLd(manifest: ManifestSource, page: VideoPage): Promise<Record<string, unknown>>;

/** Puts the script element in `doc.head` (replacing the one an earlier call put there) and returns it. */
export function insertJsonLd(
  manifest: ManifestSource,
  page: VideoPage,
  doc?: Document,
): Promise<HTMLScriptElement>;

// The directory's public URLs, the same paths the reference registries answer (feeds.md §1), so
// apps configured with `…/libraries` or `…/libraries/qa` need no change. `base_url` has no
// trailing slash (DirectoryConfig).
import type { DirectoryConfig } from "./types.ts";

export type Availability = "production" | "all" | "hidden";
export type CrawlOrder = "name" | "modified";
export const AVAILABILITIES: readonly Availability[] = ["production", "all", "hidden"];
export const CRAWL_ORDERS: readonly CrawlOrder[] = ["name", "modified"];

const URN_UUID = /^urn:uuid:([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

/** The bare UUID of a `urn:uuid:` id; throws for anything else (the loader validates ids). */
export function uuidOf(id: string): string {
  const m = URN_UUID.exec(id);
  if (!m) throw new TypeError(`library id '${id}' is not urn:uuid:<uuid>`);
  return m[1];
}

/** `s` without its trailing slashes, cut by hand: /\/+$/ backtracks quadratically on a long run of slashes. */
export function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === "/") end--;
  return s.slice(0, end);
}

const base = (cfg: Pick<DirectoryConfig, "base_url">) => withoutTrailingSlashes(cfg.base_url);

export const rootUrl = (cfg: DirectoryConfig) => `${base(cfg)}/root.json`;
export const librariesUrl = (cfg: DirectoryConfig) => `${base(cfg)}/libraries`;
export const librariesQaUrl = (cfg: DirectoryConfig) => `${base(cfg)}/libraries/qa`;
export const libraryTemplateUrl = (cfg: DirectoryConfig) => `${base(cfg)}/library/{uuid}`;
export const libraryUrl = (cfg: DirectoryConfig, id: string) => `${base(cfg)}/library/${uuidOf(id)}`;
/** The OpenSearch description without `q`, results with it: `/search` (production) or `/qa/search`. */
export const searchUrl = (cfg: Pick<DirectoryConfig, "base_url">, qa: boolean) => `${base(cfg)}${qa ? "/qa" : ""}/search`;
export const humanPageUrl = (cfg: DirectoryConfig) => `${base(cfg)}/`;

export interface CrawlQuery {
  offset: number;
  availability: Availability;
  order: CrawlOrder;
}

/** Every crawl link carries offset, size, order and availability (Palace's pagination.py). */
export function crawlUrl(cfg: DirectoryConfig, q: CrawlQuery): string {
  return `${base(cfg)}/libraries/crawlable?offset=${q.offset}&size=${cfg.page_size}&order=${q.order}&availability=${q.availability}`;
}

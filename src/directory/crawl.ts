// `/libraries/crawlable` as fixed pages of `page_size` entries (feeds.md §4, §7). The host serves
// pages by offset and ignores `size`: Android raises `offset` by the count it received, so with
// fixed pages it only ever asks for multiples of page_size, then for offset = total, which is the
// terminal empty page that ends its loop. iOS and web-patron follow `next` instead.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import type { CatalogEntry, CatalogsFeed, OpdsLink } from "./documents.ts";
import { OPDS2, REL } from "../opds/media-types.ts";
import { buildLibraryEntry, type EntryOf } from "./entry.ts";
import { feedLinks, feedMetadata } from "./feeds.ts";
import { selectAvailability, sortLibraries } from "./order.ts";
import { crawlUrl, type Availability, type CrawlOrder } from "./urls.ts";
import { buildFacets } from "./facets.ts";

/** Crawlable defaults follow Palace: availability production, order modified. */
export const CRAWL_DEFAULT = { availability: "production", order: "modified" } as const;

export interface CrawlOptions {
  availability: Availability;
  order: CrawlOrder;
  /** Shares entries between the files of one build (memoizedEntries). */
  entryOf?: EntryOf;
}

export interface CrawlPage {
  offset: number;
  /** True for the terminal page (offset = total, no entries). */
  terminal: boolean;
  feed: CatalogsFeed;
}

const TITLES: Record<Availability, string> = {
  production: "Libraries",
  all: "Libraries (QA)",
  hidden: "Libraries in testing",
};

export function pageSize(cfg: DirectoryConfig): number {
  const n = Math.floor(cfg.page_size);
  if (!(n >= 1)) throw new RangeError(`page_size must be a positive integer, not ${cfg.page_size}`);
  return n;
}

/** Every page in order, the last one always the empty terminal page at offset = total. */
export function buildCrawlablePages(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, opts: CrawlOptions): CrawlPage[] {
  const size = pageSize(cfg);
  const listed = sortLibraries(selectAvailability(libs, opts.availability), opts.order);
  const total = listed.length;
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / size) * size;
  const entryOf = opts.entryOf ?? ((lib: DirectoryLibrary) => buildLibraryEntry(lib, cfg, { list: true }));
  const pages: CrawlPage[] = [];
  for (let offset = 0; offset < total; offset += size) {
    pages.push(makePage(cfg, opts, offset, total, lastOffset, listed.slice(offset, offset + size).map(entryOf)));
  }
  pages.push(makePage(cfg, opts, total, total, lastOffset, []));
  return pages;
}

function makePage(
  cfg: DirectoryConfig,
  opts: CrawlOptions,
  offset: number,
  total: number,
  lastOffset: number,
  entries: CatalogEntry[],
): CrawlPage {
  const size = pageSize(cfg);
  const at = (o: number) => crawlUrl(cfg, { offset: o, availability: opts.availability, order: opts.order });
  const [self, ...rest] = feedLinks(cfg, at(offset), { qa: opts.availability !== "production" });
  const paging: OpdsLink[] = [{ rel: REL.first, href: at(0), type: OPDS2 }];
  // the page before: offset − size, or for the terminal page the last page with entries
  if (offset > 0) paging.push({ rel: REL.previous, href: at(Math.floor((offset - 1) / size) * size), type: OPDS2 });
  if (offset + size < total) paging.push({ rel: REL.next, href: at(offset + size), type: OPDS2 });
  paging.push({ rel: REL.last, href: at(lastOffset), type: OPDS2 });
  const metadata = { ...feedMetadata(cfg, TITLES[opts.availability]), numberOfItems: total, itemsPerPage: size };
  return {
    offset,
    terminal: entries.length === 0,
    feed: {
      metadata,
      links: [self, ...rest, ...paging],
      facets: buildFacets(opts, CRAWL_DEFAULT, (s) => crawlUrl(cfg, { offset: 0, ...s })),
      catalogs: entries,
    },
  };
}

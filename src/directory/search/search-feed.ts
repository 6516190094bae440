// `GET /search?q=…`: an OPDS 2 catalogs feed titled `Search results for "…"` (feeds.md §2), its
// entries the libraries' own entries (as /library/{uuid} serves them), in the search's order.
// The links come from the index file (the build made them with the other feeds' builder), so
// this file, bundled into the Cloudflare worker, needs nothing else of the directory.
import type { CatalogEntry, CatalogsFeed } from "../documents.ts";
import type { SearchFeedHead } from "./index-format.ts";
import type { SearchResult } from "./library-search.ts";
import { MAX_QUERY_LENGTH } from "./query-parts.ts";
import { LIST_DESCRIPTION_CHARS, summarize } from "../summary.ts";

export function searchResultsTitle(q: string): string {
  return `Search results for "${q.slice(0, MAX_QUERY_LENGTH)}"`;
}

/** A result as the list feeds show it: the library's own document has the whole description. */
function listForm(e: CatalogEntry): CatalogEntry {
  const d = e.metadata.description;
  return typeof d === "string" && d.length > LIST_DESCRIPTION_CHARS ? { ...e, metadata: { ...e.metadata, description: summarize(d) } } : e;
}

export async function buildSearchFeed(
  head: SearchFeedHead,
  q: string,
  results: readonly SearchResult[],
  entryOf: (uuid: string) => Promise<CatalogEntry | null>,
): Promise<CatalogsFeed> {
  const query = `?q=${encodeURIComponent(q.slice(0, MAX_QUERY_LENGTH))}`;
  const entries = await Promise.all(results.map((r) => entryOf(r.uuid)));
  return {
    metadata: { title: searchResultsTitle(q), ...head.metadata },
    links: head.links.map((l, i) => (i === 0 ? { ...l, href: l.href + query } : l)),
    // a library whose file vanished since the index was written is left out, not an error
    catalogs: entries.filter((e): e is CatalogEntry => !!e).map(listForm),
  };
}

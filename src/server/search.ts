// `GET /search?q=` and `/qa/search?q=` for `registry serve`: answered from the index the build
// wrote into dist/, reloaded when a rebuild replaces it, with each result's entry read from the
// library's own feed file (the same bytes /library/{uuid} serves).
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { LibrarySearch } from "../directory/search/library-search.ts";
import { buildSearchFeed } from "../directory/search/search-feed.ts";
import { SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE, SEARCH_PATHS, SEARCH_PLACES_FILE, libraryFile } from "../directory/routes.ts";
import type { CatalogEntry, CatalogsFeed } from "../directory/documents.ts";
import { withoutTrailingSlashes } from "../directory/urls.ts";

/** Whether `pathname?query` asks for search results: a search path with a non-empty `q`. */
export function searchRequest(pathname: string, query: URLSearchParams): { q: string; qa: boolean } | null {
  const path = withoutTrailingSlashes(pathname);
  const q = query.get("q");
  if (!(path in SEARCH_PATHS) || q === null || q.trim() === "") return null;
  return { q, qa: SEARCH_PATHS[path as keyof typeof SEARCH_PATHS] };
}

export class SearchService {
  private loaded: { key: string; search: Promise<LibrarySearch> } | null = null;

  constructor(private readonly outDir: string) {}

  /** The index of the dist/ being served; a rebuild swaps the folder, so the file's identity changes. */
  private async current(): Promise<LibrarySearch> {
    const file = join(this.outDir, SEARCH_INDEX_FILE);
    const s = await stat(file);
    const key = `${s.ino}:${s.mtimeMs}:${s.size}`;
    if (this.loaded?.key !== key) {
      const read = async (f: string) => JSON.parse(await readFile(join(this.outDir, f), "utf8"));
      // a dist/ built before the places table existed still answers (names and descriptions)
      const places = read(SEARCH_PLACES_FILE).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      const search = Promise.all([read(SEARCH_INDEX_FILE), read(SEARCH_DESCRIPTIONS_FILE), places]).then(([names, descriptions, table]) => LibrarySearch.fromFile(names, descriptions, table));
      this.loaded = { key, search };
      search.catch(() => {
        if (this.loaded?.search === search) this.loaded = null;
      });
    }
    return this.loaded.search;
  }

  async answer(q: string, qa: boolean): Promise<CatalogsFeed> {
    const index = await this.current();
    const entryOf = async (uuid: string): Promise<CatalogEntry | null> => {
      try {
        const feed = JSON.parse(await readFile(join(this.outDir, libraryFile(uuid)), "utf8")) as CatalogsFeed;
        return feed.catalogs[0] ?? null;
      } catch {
        return null;
      }
    };
    return buildSearchFeed(qa ? index.feeds.qa : index.feeds.production, q, index.search(q, { qa }), entryOf);
  }
}

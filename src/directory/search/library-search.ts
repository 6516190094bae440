// Answers a query from the index file: the reference's three buckets (anchors.md §4), each at most
// `perBucket` long and concatenated without repeats: libraries whose name, alias or short name
// matches (typos forgiven: 2 edits on words of 6+ letters, 1 on 4–5), then libraries serving a
// matching place (a ZIP matches exactly), then libraries whose description matches. Runs in Node
// (serve), in the Cloudflare worker and in the browser: no I/O here.
import MiniSearch, { type SearchOptions } from "minisearch";
import { queryParts } from "./query-parts.ts";
import { nameFuzziness, nameTerm, searchTerm } from "./terms.ts";
import { DESCRIPTION_OPTIONS, MINISEARCH_OPTIONS, SEARCH_INDEX_VERSION, type DescriptionIndexFile, type SearchIndexFile, type SearchRow } from "./index-format.ts";

export type Bucket = "name" | "place" | "description";

export interface SearchResult extends SearchRow {
  bucket: Bucket;
}

export interface SearchOpts {
  /** Include libraries still in testing (the QA variant). */
  qa: boolean;
  /** Longest bucket; the reference's is 10. */
  perBucket?: number;
}

const NAME: SearchOptions = {
  fields: ["name", "aliases"],
  processTerm: nameTerm,
  boost: { name: 2 },
  combineWith: "AND",
  fuzzy: (term) => nameFuzziness(term),
  // as-you-type: the last word may be unfinished
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
};
const PLACE: SearchOptions = {
  fields: ["places"],
  processTerm: searchTerm,
  combineWith: "AND",
  fuzzy: (term) => (term.length >= 5 ? 1 : 0),
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
};
const MAX_PLACE_WORDS = 4;
const ZIP: SearchOptions = { fields: ["zips"], combineWith: "AND", fuzzy: false, prefix: false };
// The reference matches descriptions by substring (ILIKE), not fuzzily: exact words, and the last
// one may be unfinished. Descriptions are most of the vocabulary, so this is also what keeps a
// query fast.
const DESCRIPTION: SearchOptions = {
  fields: ["description"],
  combineWith: "AND",
  fuzzy: false,
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 4,
};

export class LibrarySearch {
  private constructor(
    readonly feeds: SearchIndexFile["feeds"],
    private readonly rows: readonly SearchRow[],
    private readonly mini: MiniSearch,
    private readonly described: MiniSearch | null,
  ) {}

  /** Without `descriptions`, the third group (description matches) stays empty. */
  static fromFile(file: SearchIndexFile, descriptions?: DescriptionIndexFile): LibrarySearch {
    for (const f of [file, descriptions]) {
      if (f !== undefined && (!f || f.version !== SEARCH_INDEX_VERSION)) throw new Error(`not a search index of version ${SEARCH_INDEX_VERSION}: rebuild the directory`);
    }
    if (!Array.isArray(file.rows)) throw new Error(`not a search index of version ${SEARCH_INDEX_VERSION}: rebuild the directory`);
    const rows = file.rows.map(([uuid, name, production, area]) => {
      const row: SearchRow = { uuid, name, production: production === 1 };
      if (area) row.area = area;
      return row;
    });
    const described = descriptions ? MiniSearch.loadJS(descriptions.index as never, DESCRIPTION_OPTIONS) : null;
    return new LibrarySearch(file.feeds, rows, MiniSearch.loadJS(file.index as never, MINISEARCH_OPTIONS), described);
  }

  /** The same names, now with the descriptions (the web page loads them only when needed). */
  withDescriptions(descriptions: DescriptionIndexFile): LibrarySearch {
    if (!descriptions || descriptions.version !== SEARCH_INDEX_VERSION) throw new Error(`not a search index of version ${SEARCH_INDEX_VERSION}: rebuild the directory`);
    return new LibrarySearch(this.feeds, this.rows, this.mini, MiniSearch.loadJS(descriptions.index as never, DESCRIPTION_OPTIONS));
  }

  get hasDescriptions(): boolean {
    return this.described !== null;
  }

  /** Every library listed for this variant, in title order (the index keeps that order). */
  all(qa: boolean): SearchRow[] {
    return qa ? [...this.rows] : this.rows.filter((r) => r.production);
  }

  search(q: string, opts: SearchOpts): SearchResult[] {
    const [nameQuery, placeQuery, placeType] = queryParts(q);
    const perBucket = opts.perBucket ?? 10;
    const filter = opts.qa ? undefined : (r: { id: number }) => this.rows[r.id]?.production === true;
    const out: SearchResult[] = [];
    const seen = new Set<number>();
    const take = (bucket: Bucket, query: string, options: SearchOptions, index: MiniSearch | null = this.mini) => {
      if (!query.trim() || !index) return;
      let n = 0;
      for (const hit of index.search(query, { ...options, filter })) {
        if (n >= perBucket) break;
        const id = hit.id as number;
        if (seen.has(id) || !this.rows[id]) continue;
        seen.add(id);
        out.push({ ...this.rows[id], bucket });
        n++;
      }
    };
    if (nameQuery) take("name", nameQuery, NAME);
    if (placeType === "postal_code") take("place", placeQuery, ZIP);
    // "kern county library": a county named Kern, not a town called Kern. A place name is a few
    // words: a longer query is a library's name, and searching places with it only costs time.
    else if (placeQuery.split(" ").length <= MAX_PLACE_WORDS) take("place", placeType === "county" ? `${placeQuery} county` : placeQuery, PLACE);
    take("description", nameQuery ?? placeQuery, DESCRIPTION, this.described);
    return out;
  }
}

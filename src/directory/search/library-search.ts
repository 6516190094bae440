// Answers a query from the index file: the reference's three buckets (anchors.md §4), each at most
// `perBucket` long and concatenated without repeats: libraries whose name, alias or short name
// matches (typos forgiven: 2 edits on words of 6+ letters, 1 on 4–5), then libraries serving the
// place the query names (those whose area holds a ZIP code, town, county or state, most local
// first: place-tables.ts), then those naming a matching place (a ZIP matches exactly), then
// libraries whose description matches. Runs in Node (serve), in the Cloudflare worker and in the
// browser: no I/O here.
import MiniSearch, { type SearchOptions } from "minisearch";
import { normalizeQuery, queryParts, type QueryParts } from "./query-parts.ts";
import { PlaceLookup, placeKey, type PlaceShard, type PlaceTables } from "./place-tables.ts";
import { US_STATES } from "./us-states.ts";
import { STATE_ALIASES } from "../../geo/us-states.ts";
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

let stateSpellings: Set<string> | undefined;

function wantsPlaces([, place, type]: QueryParts): boolean {
  if (type !== null || place.includes(",") || / (county|parish|borough|city|municipality|census area)$/.test(place)) return true;
  // every spelling the places table knows a state by (place-containment.ts): names, abbreviations, aliases
  stateSpellings ??= new Set([
    ...Object.entries(US_STATES).flatMap(([abbr, name]) => [abbr.toLowerCase(), placeKey(normalizeQuery(name))]),
    ...Object.keys(STATE_ALIASES).map((alias) => placeKey(normalizeQuery(alias))),
  ]);
  return stateSpellings.has(placeKey(place));
}

export class LibrarySearch {
  private constructor(
    readonly feeds: SearchIndexFile["feeds"],
    private readonly rows: readonly SearchRow[],
    private readonly mini: MiniSearch,
    private readonly described: MiniSearch | null,
    private readonly places: PlaceLookup | null = null,
  ) {}

  /**
   * Without `descriptions`, the third group (description matches) stays empty; without `places`,
   * a place finds only the libraries naming it (not those serving a county or state around it).
   */
  static fromFile(file: SearchIndexFile, descriptions?: DescriptionIndexFile, places?: PlaceTables): LibrarySearch {
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
    const search = new LibrarySearch(file.feeds, rows, MiniSearch.loadJS(file.index as never, MINISEARCH_OPTIONS), described);
    return places ? search.withPlaces(places) : search;
  }

  /** The same names, now with the descriptions (the web page loads them only when needed). */
  withDescriptions(descriptions: DescriptionIndexFile): LibrarySearch {
    if (!descriptions || descriptions.version !== SEARCH_INDEX_VERSION) throw new Error(`not a search index of version ${SEARCH_INDEX_VERSION}: rebuild the directory`);
    return new LibrarySearch(this.feeds, this.rows, this.mini, MiniSearch.loadJS(descriptions.index as never, DESCRIPTION_OPTIONS), this.places);
  }

  /** The same, now finding the libraries that serve a ZIP, town, county or state (places.json). */
  withPlaces(places: PlaceTables): LibrarySearch {
    if (places.rows !== this.rows.length) throw new Error("the places table was made for another search index: rebuild the directory");
    return new LibrarySearch(this.feeds, this.rows, this.mini, this.described, new PlaceLookup(places));
  }

  get hasDescriptions(): boolean {
    return this.described !== null;
  }

  /** The states whose place shards a query needs and this search has not got (the web page's). */
  placeShardsFor(q: string): string[] {
    const parts = queryParts(q);
    if (!this.places || !wantsPlaces(parts)) return [];
    return this.places.shardsFor(parts[1], parts[2]).filter((s) => !this.places!.hasShard(s));
  }

  /** A state's shard (search/places/{state}.json) for the table loaded without them. */
  addPlaceShard(state: string, shard: PlaceShard): void {
    this.places?.addShard(state, shard);
  }

  /**
   * Whether a query may name a place the places table answers: a ZIP code, "Town, ST", a county
   * or a state. Only such a query is looked up in the table, here and on the web page, which
   * fetches the table only then: the page and the server answer alike.
   */
  static wantsPlaces(q: string): boolean {
    return wantsPlaces(queryParts(q));
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
    const counts: Record<Bucket, number> = { name: 0, place: 0, description: 0 };
    /** Adds a library to a bucket unless it is full or the library is there already; false when full. */
    const add = (bucket: Bucket, id: number): boolean => {
      if (counts[bucket] >= perBucket) return false;
      const row = this.rows[id];
      if (!row || seen.has(id) || (!opts.qa && !row.production)) return true;
      seen.add(id);
      out.push({ ...row, bucket });
      counts[bucket]++;
      return true;
    };
    const take = (bucket: Bucket, query: string, options: SearchOptions, index: MiniSearch | null = this.mini) => {
      if (!query.trim() || !index || counts[bucket] >= perBucket) return;
      for (const hit of index.search(query, { ...options, filter })) if (!add(bucket, hit.id as number)) break;
    };
    if (nameQuery) take("name", nameQuery, NAME);
    // the libraries whose area holds the place (most local first), then those naming a match
    if (this.places && wantsPlaces([nameQuery, placeQuery, placeType])) for (const id of this.places.serving(placeQuery, placeType)) if (!add("place", id)) break;
    if (placeType === "postal_code") take("place", placeQuery, ZIP);
    // "kern county library": a county named Kern, not a town called Kern. A place name is a few
    // words: a longer query is a library's name, and searching places with it only costs time.
    else if (placeQuery.split(" ").length <= MAX_PLACE_WORDS) take("place", placeType === "county" ? `${placeQuery} county` : placeQuery, PLACE);
    take("description", nameQuery ?? placeQuery, DESCRIPTION, this.described);
    return out;
  }
}

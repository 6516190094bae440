// The search index file's format (dist/search/index.json), read by the server, the Cloudflare
// worker and the web page. Imports nothing that reaches the feed builders: what is bundled into
// the worker and the page stays small.
import type { FeedMetadata, OpdsLink } from "../documents.ts";
import { DESCRIPTION_FIELDS, INDEX_FIELDS, nameTerm, searchTerm } from "./terms.ts";

/** A results feed without its entries: `links[0]` is `self` without the query. */
export interface SearchFeedHead {
  metadata: Omit<FeedMetadata, "title">;
  links: OpdsLink[];
}

export const SEARCH_INDEX_VERSION = 1;

/** One listed library: what a search result shows without opening the library's own feed. */
export interface SearchRow {
  /** The bare UUID (its feed is /library/{uuid}). */
  uuid: string;
  name: string;
  /** In the production feed (else only in QA). */
  production: boolean;
  /** Where it serves, as the library says it ("Kern County, CA"), for the result line. */
  area?: string;
}

export interface SearchIndexFile {
  version: typeof SEARCH_INDEX_VERSION;
  /** The results feed's metadata and links, as the build made them for this directory. */
  feeds: { production: SearchFeedHead; qa: SearchFeedHead };
  /** [uuid, name, production 1/0, area]: arrays, not objects, to keep the file small. */
  rows: [string, string, 0 | 1, string][];
  /** MiniSearch's own serialisation; document ids are positions in `rows`. */
  index: unknown;
}

/**
 * The libraries' descriptions, searched last (dist/search/descriptions.json): most of the text,
 * so a separate file the web page fetches only when names and places find nothing.
 */
export interface DescriptionIndexFile {
  version: typeof SEARCH_INDEX_VERSION;
  /** Document ids are positions in the names index's `rows`. */
  index: unknown;
}

export const MINISEARCH_OPTIONS = {
  fields: [...INDEX_FIELDS],
  // names and aliases without the stop words; places keep every word ("new york public library")
  processTerm: (term: string, field?: string) => (field === "name" || field === "aliases" ? nameTerm(term) : searchTerm(term)),
};

export const DESCRIPTION_OPTIONS = {
  fields: [...DESCRIPTION_FIELDS],
  processTerm: searchTerm,
};

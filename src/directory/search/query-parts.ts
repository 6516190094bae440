// How a search box query is read (anchors.md §4, the reference's Library.query_parts): the whole
// query is a library-name query, and a place query is what remains once "library" / "public
// library" and a " county" / " state" suffix are taken off; a 5-digit ZIP (or ZIP+4) is a postal
// code query only. Pure and dependency-free: the server, the Cloudflare worker and the web page
// all run this same code.

export type PlaceType = "postal_code" | "county" | "state" | null;

/** [library-name query or null, place query, place type]: the reference's own triple. */
export type QueryParts = [string | null, string, PlaceType];

/** Longest query we read: a search box, not a document. */
export const MAX_QUERY_LENGTH = 200;

/**
 * Lower case, accents folded, runs of whitespace collapsed, and the common misspelling "libary"
 * read as "library" (the reference fixes exactly this one; we keep it and fuzzy matching does
 * the rest).
 */
export function normalizeQuery(q: string): string {
  return q
    .slice(0, MAX_QUERY_LENGTH)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\blibary\b/g, "library");
}

const ZIP = /^(\d{5})(?:-\d{4})?$/;
const LIBRARY_WORDS = [" public library", " library"];
const PLACE_SUFFIXES: [string, Exclude<PlaceType, null | "postal_code">][] = [
  [" county", "county"],
  [" state", "state"],
];

export function queryParts(q: string): QueryParts {
  const query = normalizeQuery(q);
  const zip = ZIP.exec(query);
  if (zip) return [null, zip[1], "postal_code"];
  let place = query;
  for (const words of LIBRARY_WORDS) {
    if (place.endsWith(words)) {
      place = place.slice(0, -words.length);
      break;
    }
  }
  let type: PlaceType = null;
  for (const [suffix, kind] of PLACE_SUFFIXES) {
    if (place.endsWith(suffix)) {
      place = place.slice(0, -suffix.length);
      type = kind;
      break;
    }
  }
  return [query, place, type];
}

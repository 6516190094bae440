// How text becomes search terms, the same when indexing and when querying: accents folded, lower
// case, so "Bibliothèque" is found by "bibliotheque".
export function searchTerm(term: string): string {
  return term.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/**
 * Words nearly every library's name has: matching them tells libraries apart no better than not
 * matching them, and scoring the thousands of names holding them is what makes a query slow. They
 * are left out of the names index and of name queries ("springfield public libary" is searched as
 * "springfield"); places and descriptions keep them.
 */
export const NAME_STOP_WORDS: ReadonlySet<string> = new Set(["library", "libraries", "public", "the", "of", "and"]);

/** The names index's terms: searchTerm without the stop words (MiniSearch drops a null term). */
export function nameTerm(term: string): string | null {
  const t = searchTerm(term);
  return NAME_STOP_WORDS.has(t) ? null : t;
}

/** Edits allowed per term: the reference allows 2 on names of 6+ characters, equality below. */
export function nameFuzziness(term: string): number {
  return term.length >= 6 ? 2 : term.length >= 4 ? 1 : 0;
}

/** Initials of a long name ("Los Angeles Public Library" → "lapl"), a common way to say it. */
export function initialsOf(name: string): string | undefined {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length >= 3 ? searchTerm(words.map((w) => w[0]).join("")) : undefined;
}

/** The names index (what the web page downloads) and the descriptions index (loaded when needed). */
export const INDEX_FIELDS = ["name", "aliases", "places", "zips"] as const;
export const DESCRIPTION_FIELDS = ["description"] as const;

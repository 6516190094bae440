// Who is listed where, and in which order. Membership follows the reference stages (issue 2,
// feeds.md §4); orders are deterministic on any machine: a fixed collator, then ids as tie-break.
import { isListedInQa, isProduction, type DirectoryLibrary } from "./types.ts";
import type { Availability, CrawlOrder } from "./urls.ts";
import { toInstant } from "./instant.ts";

/** production: both stages production; all: neither cancelled; hidden: all minus production. */
export function selectAvailability(libs: readonly DirectoryLibrary[], availability: Availability): DirectoryLibrary[] {
  switch (availability) {
    case "production":
      return libs.filter(isProduction);
    case "all":
      return libs.filter(isListedInQa);
    case "hidden":
      return libs.filter((l) => isListedInQa(l) && !isProduction(l));
  }
}

// "und" (the root locale) so the order does not change with the build machine's LANG.
const collator = new Intl.Collator("und", { sensitivity: "base", numeric: true });
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareByTitle(a: DirectoryLibrary, b: DirectoryLibrary): number {
  return collator.compare(a.info.title, b.info.title) || byCodeUnit(a.info.title, b.info.title) || byCodeUnit(a.id, b.id);
}

// A build sorts the same libraries by title a few dozen times (every feed, facet, crawl series,
// tile set, list page): rankTitles sorts them all once, and a sort of any of them then compares
// two numbers. A library without a rank (not among those ranked) sorts with the collator.
const titleRank = new WeakMap<DirectoryLibrary, number>();

/** Sorts `libs` by title once and remembers each one's place, for the sortByTitle calls to come. */
export function rankTitles(libs: readonly DirectoryLibrary[]): void {
  [...libs].sort(compareByTitle).forEach((lib, i) => titleRank.set(lib, i));
}

/** A copy sorted by title (case and accent insensitive first, then exact), then id. */
export function sortByTitle(libs: readonly DirectoryLibrary[]): DirectoryLibrary[] {
  if (libs.every((l) => titleRank.has(l))) return [...libs].sort((a, b) => titleRank.get(a)! - titleRank.get(b)!);
  return [...libs].sort(compareByTitle);
}

/** A copy sorted newest first (Android stops its incremental refresh at the first older entry). */
export function sortByModified(libs: readonly DirectoryLibrary[]): DirectoryLibrary[] {
  const keyed = libs.map((lib) => ({ lib, at: toInstant(lib.updated, `${lib.slug}: updated`) }));
  keyed.sort((a, b) => byCodeUnit(b.at, a.at) || byCodeUnit(a.lib.id, b.lib.id));
  return keyed.map((k) => k.lib);
}

export function sortLibraries(libs: readonly DirectoryLibrary[], order: CrawlOrder): DirectoryLibrary[] {
  switch (order) {
    case "name":
      return sortByTitle(libs);
    case "name-desc":
      return sortByTitle(libs).reverse();
    case "modified":
      return sortByModified(libs);
    case "modified-asc":
      return sortByModified(libs).reverse();
  }
}

// The full list of libraries as pages of `LIST_PAGE_SIZE`, in title order, with a letter index
// that jumps to the page where each letter starts: usable at 10,000 libraries, and complete
// without JavaScript. Page 1 is the home page (index.html; qa.html lists testing libraries too).
import type { DirectoryConfig, DirectoryLibrary } from "../types.ts";
import { isProduction } from "../types.ts";
import { selectAvailability, sortByTitle } from "../order.ts";
import { librariesQaUrl, librariesUrl, rootUrl, searchUrl, uuidOf } from "../urls.ts";
import { PRODUCTION_TITLE, QA_TITLE } from "../feeds.ts";
import type { EntryOf } from "../entry.ts";
import { SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE, SEARCH_PLACES_DIR } from "../routes.ts";
import { areaServed } from "../../geo/index.ts";
import { placesOf } from "../places.ts";
import { summarize } from "../summary.ts";
import { SCRIPT_FILE, href, libraryPageFile, listPageFile, sitePrefix } from "./paths.ts";

export const LIST_PAGE_SIZE = 100;

export interface ListItem {
  name: string;
  /** This library's own page. */
  page: string;
  area?: string;
  description?: string;
  /** Only in QA: still in testing. */
  testing: boolean;
  /** The letter heading this item starts, when it is the first of its letter. */
  letter?: string;
  /** On a page that opens inside a letter, its first item carries that letter. */
  continues?: string;
}

export interface LetterLink {
  letter: string;
  /** Page and anchor where the letter starts. */
  href: string;
}

export interface ListPage {
  /** Relative to dist/. */
  path: string;
  qa: boolean;
  directoryTitle: string;
  heading: string;
  scope: string;
  total: number;
  number: number;
  pageCount: number;
  items: ListItem[];
  letters: LetterLink[];
  previous?: string;
  next?: string;
  pages: { number: number; href: string }[];
  feed: string;
  root: string;
  other: { href: string; label: string };
  /** For the script: the search index, the nearby tiles' folder, the library pages' folder. */
  client: { index: string; descriptions: string; places: string; nearby: string; pages: string; qa: boolean; opensearch: string };
  script: string;
}

/** The letter a title files under: A–Z after folding accents and leading "The "; else "#". */
export function letterOf(title: string): string {
  const first = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/^the\s+/i, "").trim().charAt(0).toUpperCase();
  return /[A-Z]/.test(first) ? first : "#";
}

function itemOf(lib: DirectoryLibrary, cfg: DirectoryConfig, qa: boolean): ListItem {
  const item: ListItem = { name: lib.info.title, page: href(cfg, libraryPageFile(uuidOf(lib.id))), testing: qa && !isProduction(lib) };
  // the feed's schema:areaServed: one resolved place, never a raw value (a GeoJSON area has no name)
  const area = areaServed(placesOf(lib));
  if (area) item.area = area;
  const d = lib.info.description?.trim();
  if (d) item.description = summarize(d); // as the list feeds carry it
  // No logos in the list: a hundred 10–20 KB logos (the ones near the screen load even when lazy)
  // would cost more than the whole first load may (≤ 300 KB); each library's own page shows its logo.
  return item;
}

function variantPages(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entryOf: EntryOf, qa: boolean): ListPage[] {
  const listed = sortByTitle(selectAvailability(libs, qa ? "all" : "production"));
  const pageCount = Math.max(1, Math.ceil(listed.length / LIST_PAGE_SIZE));
  const pageHref = (n: number) => href(cfg, listPageFile(qa, n));
  // where each letter starts: sortByTitle orders by title, so a letter's first title opens it
  const letters: LetterLink[] = [];
  const starts = new Map<number, string>();
  listed.forEach((lib, i) => {
    const letter = letterOf(lib.info.title);
    if (letters.some((l) => l.letter === letter)) return;
    starts.set(i, letter);
    letters.push({ letter, href: `${pageHref(Math.floor(i / LIST_PAGE_SIZE) + 1)}#letter-${letter === "#" ? "other" : letter}` });
  });
  const pages: ListPage[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const slice = listed.slice((n - 1) * LIST_PAGE_SIZE, n * LIST_PAGE_SIZE);
    const items = slice.map((lib, j) => {
      const item = itemOf(lib, cfg, qa);
      const letter = starts.get((n - 1) * LIST_PAGE_SIZE + j);
      if (letter) item.letter = letter;
      else if (j === 0) item.continues = letterOf(lib.info.title);
      return item;
    });
    const page: ListPage = {
      path: listPageFile(qa, n),
      qa,
      directoryTitle: cfg.title,
      heading: qa ? QA_TITLE : PRODUCTION_TITLE,
      scope: qa ? "in production or testing (QA)" : "in production",
      total: listed.length,
      number: n,
      pageCount,
      items,
      letters,
      pages: Array.from({ length: pageCount }, (_, i) => ({ number: i + 1, href: pageHref(i + 1) })),
      feed: qa ? librariesQaUrl(cfg) : librariesUrl(cfg),
      root: rootUrl(cfg),
      other: { href: href(cfg, listPageFile(!qa, 1)), label: qa ? "Show production libraries only" : "Also show libraries in testing" },
      client: { index: href(cfg, SEARCH_INDEX_FILE), descriptions: href(cfg, SEARCH_DESCRIPTIONS_FILE), places: `${href(cfg, SEARCH_PLACES_DIR)}/`, nearby: `${sitePrefix(cfg)}/${qa ? "nearby-qa" : "nearby"}`, pages: `${sitePrefix(cfg)}/info/`, qa, opensearch: qa ? searchUrl(cfg, true) : searchUrl(cfg, false) },
      script: href(cfg, SCRIPT_FILE),
    };
    if (n > 1) page.previous = pageHref(n - 1);
    if (n < pageCount) page.next = pageHref(n + 1);
    pages.push(page);
  }
  return pages;
}

export function buildListPages(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entryOf: EntryOf): ListPage[] {
  return [...variantPages(libs, cfg, entryOf, false), ...variantPages(libs, cfg, entryOf, true)];
}

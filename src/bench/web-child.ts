// The web page and search figures of `registry bench`, in their own process, over the dist/ the
// offline build wrote: the search index's size, load and query times in Node; the home page's
// bytes and elements (and, where chromium is installed, what its first load transfers in a real
// browser); and the time the index and the pages add to a build. Run as: web-child.ts CONFIG
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadConfig, directoryConfig } from "../registry/config.ts";
import { loadEntries } from "../registry/entries.ts";
import { refreshLibrary } from "../build/refresh.ts";
import { toDirectoryLibrary } from "../build/build.ts";
import type { DirectoryLibrary } from "../directory/types.ts";
import { buildSearchIndex } from "../directory/search/index-file.ts";
import { searchFigures } from "./search-figures.ts";
import { memoizedEntries } from "../directory/entry.ts";
import { buildListPages } from "../directory/web/list-pages.ts";

/** Start tags in an HTML text ("<" then a letter), counted in one pass without a regular expression. */
function countElements(html: string): number {
  let n = 0;
  for (let i = html.indexOf("<"); i !== -1; i = html.indexOf("<", i + 1)) {
    const c = html.charCodeAt(i + 1) | 0x20;
    if (c >= 0x61 && c <= 0x7a) n++;
  }
  return n;
}
import { buildLibraryPages } from "../directory/web/library-pages.ts";
import { renderListPage } from "../site/list-page.ts";
import { renderLibraryPage } from "../site/library-page.ts";
import BaseLayout from "../site/_includes/base.11ty.ts";
import { SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE, SEARCH_PLACES_FILE } from "../directory/routes.ts";
import { buildPlaceTables } from "../directory/search/place-containment.ts";
import { placesOf } from "../directory/places.ts";
import { isListedInQa } from "../directory/types.ts";
import { sortByTitle } from "../directory/order.ts";
import { SCRIPT_FILE } from "../directory/web/paths.ts";
import { measureFirstLoad } from "./first-load.ts";

const [configPath] = process.argv.slice(2);
const config = loadConfig(configPath);
const cfg = directoryConfig(config);
const dist = config.out_dir;

const ms = (t0: number) => performance.now() - t0;

// the libraries as the offline build sees them
const { entries } = loadEntries(config.libraries_dir);
const noFetch = { fetch: async () => { throw new Error("offline"); }, policy: {} as never, checkLinkBack: false, allowLegacy: true };
const libs: DirectoryLibrary[] = [];
for (const e of entries) {
  const lib = toDirectoryLibrary(await refreshLibrary(e, { offline: true, now: new Date(), discover: noFetch as never }));
  if (lib) libs.push(lib);
}

// build time the index and the pages add (the pure builders and the HTML; Eleventy writes the files),
// with the libraries' areas resolved first, as the build's "near me" stage has them
for (const lib of libs) placesOf(lib);
let t = performance.now();
const built = buildSearchIndex(libs, cfg);
const builtBytes = JSON.stringify(built.names).length + JSON.stringify(built.descriptions).length + JSON.stringify(built.places).length;
const indexBuildMs = ms(t);
// of which the places table (the areas are resolved already, as in a build)
t = performance.now();
buildPlaceTables(sortByTitle(libs.filter(isListedInQa)).map(placesOf));
const placesBuildMs = ms(t);
t = performance.now();
const entryOf = memoizedEntries(cfg);
const layout = new BaseLayout();
const listPages = buildListPages(libs, cfg, entryOf);
const libraryPages = buildLibraryPages(libs, cfg, memoizedEntries(cfg, { list: false }));
let pageBytes = 0;
for (const p of listPages) pageBytes += layout.render({ content: renderListPage(p), listPage: p }).length;
for (const p of libraryPages) pageBytes += layout.render({ content: renderLibraryPage(p), libraryPage: p }).length;
const pagesBuildMs = ms(t);

// the index as the server, the worker and the page read it
const read = (f: string) => readFileSync(join(dist, f), "utf8");
const figures = searchFigures({ index: read(SEARCH_INDEX_FILE), descriptions: read(SEARCH_DESCRIPTIONS_FILE), places: read(SEARCH_PLACES_FILE) });

const home = readFileSync(join(dist, "index.html"));
const script = readFileSync(join(dist, SCRIPT_FILE));
const elements = countElements(home.toString("utf8"));
const browser = await measureFirstLoad(dist).catch((err) => ({ skipped: String((err as Error).message) }));

console.log(
  JSON.stringify({
    ok: true,
    libraries: libs.length,
    ...figures,
    index: { ...figures.index, builtBytes, buildMs: indexBuildMs },
    places: { ...figures.places, buildMs: placesBuildMs },
    pages: { files: listPages.length + libraryPages.length, listPages: listPages.length, libraryPages: libraryPages.length, bytes: pageBytes, buildMs: pagesBuildMs },
    home: { bytes: home.length, gzipped: gzipSync(home).length, elements, scriptBytes: script.length, scriptGzipped: gzipSync(script).length },
    browser,
  }),
);

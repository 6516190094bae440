// The web page and search figures of `registry bench`, in their own process, over the dist/ the
// offline build wrote: the search index's size, load and query times in Node; the home page's
// bytes and elements (and, where chromium is installed, what its first load transfers in a real
// browser); and the time the index and the pages add to a build. Run as: web-child.ts CONFIG
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadConfig, directoryConfig } from "../registry/config.ts";
import { loadEntries } from "../registry/entries.ts";
import { refreshLibrary } from "../build/refresh.ts";
import { toDirectoryLibrary } from "../build/build.ts";
import type { DirectoryLibrary } from "../directory/types.ts";
import { buildSearchIndex } from "../directory/search/index-file.ts";
import { LibrarySearch } from "../directory/search/library-search.ts";
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
import { SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE } from "../directory/routes.ts";
import { SCRIPT_FILE } from "../directory/web/paths.ts";
import { measureFirstLoad } from "./first-load.ts";

const [configPath] = process.argv.slice(2);
const config = loadConfig(configPath);
const cfg = directoryConfig(config);
const dist = config.out_dir;

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

// the libraries as the offline build sees them
const { entries } = loadEntries(config.libraries_dir);
const noFetch = { fetch: async () => { throw new Error("offline"); }, policy: {} as never, checkLinkBack: false, allowLegacy: true };
const libs: DirectoryLibrary[] = [];
for (const e of entries) {
  const lib = toDirectoryLibrary(await refreshLibrary(e, { offline: true, now: new Date(), discover: noFetch as never }));
  if (lib) libs.push(lib);
}

// build time the index and the pages add (the pure builders and the HTML; Eleventy writes the files)
let t = performance.now();
const built = buildSearchIndex(libs, cfg);
const builtBytes = JSON.stringify(built.names).length + JSON.stringify(built.descriptions).length;
const indexBuildMs = ms(t);
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
const indexText = readFileSync(join(dist, SEARCH_INDEX_FILE), "utf8");
const descriptionsText = readFileSync(join(dist, SEARCH_DESCRIPTIONS_FILE), "utf8");
t = performance.now();
const names = LibrarySearch.fromFile(JSON.parse(indexText));
const indexLoadMs = ms(t);
t = performance.now();
const search = names.withDescriptions(JSON.parse(descriptionsText));
const descriptionsLoadMs = ms(t);

// queries people type: names, names with a typo, the start of a name, places, ZIPs, descriptions' words
const rows = search.all(false);
const queries: string[] = [];
for (let i = 0; i < rows.length && queries.length < 600; i += Math.max(1, Math.floor(rows.length / 100))) {
  const r = rows[i];
  const words = r.name.split(" ");
  const long = words.reduce((a, b) => (b.length > a.length ? b : a));
  queries.push(r.name, r.name.replace(long, long.slice(0, 2) + long.slice(3)), words[0].slice(0, 4), `${words[0].toLowerCase()} libary`);
  if (r.area) queries.push(r.area);
}
queries.push("93203", "10018", "kern county library", "new york public library", "texas", "audiobooks for children");
for (const q of queries) search.search(q, { qa: false }); // warm up
const times = queries.map((q) => {
  const t0 = performance.now();
  search.search(q, { qa: false });
  return ms(t0);
});

const home = readFileSync(join(dist, "index.html"));
const script = readFileSync(join(dist, SCRIPT_FILE));
const elements = countElements(home.toString("utf8"));
const browser = await measureFirstLoad(dist).catch((err) => ({ skipped: String((err as Error).message) }));

console.log(
  JSON.stringify({
    ok: true,
    libraries: libs.length,
    index: { bytes: statSync(join(dist, SEARCH_INDEX_FILE)).size, gzipped: gzipSync(indexText).length, builtBytes, loadMs: indexLoadMs, buildMs: indexBuildMs },
    descriptions: { bytes: Buffer.byteLength(descriptionsText), gzipped: gzipSync(descriptionsText).length, loadMs: descriptionsLoadMs },
    query: { count: times.length, medianMs: median(times), p95Ms: p95(times) },
    pages: { files: listPages.length + libraryPages.length, listPages: listPages.length, libraryPages: libraryPages.length, bytes: pageBytes, buildMs: pagesBuildMs },
    home: { bytes: home.length, gzipped: gzipSync(home).length, elements, scriptBytes: script.length, scriptGzipped: gzipSync(script).length },
    browser,
  }),
);

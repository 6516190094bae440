// Renders the directory into a folder with Eleventy (programmatic API). The caller (the build)
// owns fetching, the output folder's lifecycle and the atomic swap of dist/.
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { SiteData, siteFiles } from "./site-map.ts";
import { rankTitles } from "./order.ts";
import { SiteWriter, type PreviousOutput } from "./site-writer.ts";
import type { BackgroundWriter } from "../build/background-writer.ts";
import { pageInputHash } from "../build/output-manifest.ts";
import { FeedSerializer } from "./serialize.ts";
import type { Leak } from "../registry/leak-guard.ts";
import { memoizedEntries, type EntryOf } from "./entry.ts";
import { buildListPages, type ListPage } from "./web/list-pages.ts";
import { buildLibraryPages, type AreaMap, type LibraryPage } from "./web/library-pages.ts";
import { SCRIPT_FILE } from "./web/paths.ts";
import { buildNotFoundPage, type NotFoundPage } from "./web/not-found-page.ts";
import { bundleModule } from "./bundle.ts";
import { contentTypeForFile } from "./routes.ts";


const PROJECT = new URL("../../", import.meta.url);
const SITE_INPUT = fileURLToPath(new URL("src/site/", PROJECT));
const PAGE_SCRIPT = new URL("src/site/client/directory.ts", PROJECT);
const CONFIG = fileURLToPath(new URL(".eleventy.ts", PROJECT));

interface WrittenTemplate {
  outputPath?: string | false;
}

/** Writes every file of the site into `outDir` (which should be empty: Eleventy cleans nothing). */
export interface RenderOptions {
  /** Draws a library's service area for its page (the build passes one backed by src/geo). */
  areaMap?: AreaMap;
  /** The dist/ being replaced and its manifest: unchanged files are linked from it, not written. */
  previous?: PreviousOutput;
  /**
   * Writes the machine files on a worker thread (the build's, which flushes it before the swap).
   * Without it renderSite writes them itself.
   */
  out?: BackgroundWriter;
  /** Library pages per Eleventy run (default ELEVENTY_PAGES_PER_RUN; tests set a small one). */
  pagesPerRun?: number;
}

export async function renderSite(libs: DirectoryLibrary[], cfg: DirectoryConfig, outDir: string, opts: RenderOptions = {}): Promise<{ files: number; hashes: ReadonlyMap<string, string> }> {
  // The machine-readable files are written by the pure builders as they come, never all held at
  // once, each text checked by the leak guard on its way out (see SiteWriter).
  const writer = new SiteWriter(outDir, opts.previous, opts.out);
  rankTitles(libs);
  let listPages = await writeMachineFiles(libs, cfg, writer);
  let notFoundPages: NotFoundPage[] = [buildNotFoundPage(cfg)];
  let written = 0;
  // Eleventy keeps every page it paginates (its data, its output) until its run ends: ten
  // thousand library pages in one run held about 250 MB. They go in runs of at most
  // ELEVENTY_PAGES_PER_RUN, built as they are needed; the list pages and the 404 page go with the first.
  const run = async (libraryPages: LibraryPage[]) => {
    const data = new SiteData(listPages, libraryPages, notFoundPages, (text, where) => writer.check(text, where));
    written += await writeWithEleventy(data, outDir);
    listPages = [];
    notFoundPages = [];
  };
  let chunk: LibraryPage[] = [];
  for (const page of buildLibraryPages(libs, cfg, memoizedEntries(cfg, { list: false }), opts.areaMap)) {
    if (writer.reuse(page.path, pageInputHash(cfg, page))) continue;
    chunk.push(page);
    if (chunk.length < (opts.pagesPerRun ?? ELEVENTY_PAGES_PER_RUN)) continue;
    await run(chunk);
    chunk = [];
  }
  if (chunk.length || listPages.length || notFoundPages.length) await run(chunk);
  if (writer.leaks.length) throw new LeakError(writer.leaks);
  return { files: writer.files + written, hashes: writer.hashes };
}

/**
 * The machine-readable files, written by the pure builders as they come (never all held at once,
 * each text checked by the leak guard on its way out, see SiteWriter), and the list pages, made
 * from the same feed entries. In a function of its own: the entries and their JSON texts (30 MB
 * at 10,000 libraries) are garbage once it returns, where a local set to undefined stayed
 * reachable from the caller's suspended frame for all of Eleventy's runs.
 */
async function writeMachineFiles(libs: DirectoryLibrary[], cfg: DirectoryConfig, writer: SiteWriter): Promise<ListPage[]> {
  // each entry's JSON text, made and checked once for every feed it is in
  const json = new FeedSerializer((text, what) => writer.check(text, what));
  // each library's feed entry, made once for all the feeds and list pages
  const entryOf = memoizedEntries(cfg);
  for (const f of siteFiles(libs, cfg, entryOf, json)) {
    writer.write(f);
    await writer.ready();
  }
  writer.write({ path: SCRIPT_FILE, contentType: contentTypeForFile(SCRIPT_FILE), body: bundleModule(PAGE_SCRIPT, { platform: "browser" }) });
  return buildListPages(libs, cfg, entryOf);
}

/**
 * Library pages Eleventy renders in one run (see renderSite). 1,000 rather than 2,000: a cold
 * build of 10,000 libraries peaked at 503–514 MiB against 519–597 MiB late in its render (lab, in
 * turn, two runs and three), for no render time that the machine's noise shows (16.1–18.6 s
 * against 15.4–19.4 s); 500 was no lower (513 MiB).
 */
export const ELEVENTY_PAGES_PER_RUN = 1000;

/** One Eleventy run over these pages: the number of files it wrote, checked against the pages given. */
async function writeWithEleventy(data: SiteData, outDir: string): Promise<number> {
  const eleventy = new Eleventy(SITE_INPUT, outDir, {
    configPath: CONFIG,
    quietMode: true,
    config(eleventyConfig) {
      // a function, so Eleventy stores our instance as is
      eleventyConfig.addGlobalData("directory", () => data);
    },
  });
  // Eleventy's "Wrote N files" line is the build's to print; errors still reject write()
  eleventy.disableLogger();
  const [, templates] = (await eleventy.write()) as [unknown, WrittenTemplate[]];
  const written = templates.filter((t) => typeof t.outputPath === "string").length;
  const expected = data.listPages.length + data.libraryPages.length + data.notFoundPages.length;
  if (written !== expected) throw new Error(`Eleventy wrote ${written} files, expected ${expected}`);
  return written;
}

/** Private data found in what the build was about to publish. */
export class LeakError extends Error {
  constructor(readonly leaks: Leak[]) {
    super(`refusing to publish private data:\n${leaks.map((l) => l.message).join("\n")}`);
  }
}

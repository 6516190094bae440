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
import { buildListPages } from "./web/list-pages.ts";
import { buildLibraryPages, type AreaMap, type LibraryPage } from "./web/library-pages.ts";
import { SCRIPT_FILE } from "./web/paths.ts";
import { buildNotFoundPage } from "./web/not-found-page.ts";
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
}

export async function renderSite(libs: DirectoryLibrary[], cfg: DirectoryConfig, outDir: string, opts: RenderOptions = {}): Promise<{ files: number; hashes: ReadonlyMap<string, string> }> {
  // The machine-readable files are written by the pure builders as they come, never all held at
  // once, each text checked by the leak guard on its way out (see SiteWriter).
  const writer = new SiteWriter(outDir, opts.previous, opts.out);
  rankTitles(libs);
  // each entry's JSON text, made and checked once for every feed it is in, then let go
  let json: FeedSerializer | undefined = new FeedSerializer((text, what) => writer.check(text, what));
  // each library's feed entry, made once for all the feeds and list pages, then let go
  let entryOf: EntryOf | undefined = memoizedEntries(cfg);
  for (const f of siteFiles(libs, cfg, entryOf, json)) {
    writer.write(f);
    await writer.ready();
  }
  writer.write({ path: SCRIPT_FILE, contentType: contentTypeForFile(SCRIPT_FILE), body: bundleModule(PAGE_SCRIPT, { platform: "browser" }) });

  // Eleventy renders the web pages through the site's layout and templates; each template shows
  // what it rendered to the leak guard (the layout adds only our own text).
  // A library's page whose inputs did not change since the last build is linked from the dist/
  // being replaced (checked against the manifest) instead of rendered again.
  const listPages = buildListPages(libs, cfg, entryOf);
  entryOf = undefined;
  json = undefined;
  const libraryPages: LibraryPage[] = [];
  for (const page of buildLibraryPages(libs, cfg, memoizedEntries(cfg, { list: false }), opts.areaMap)) {
    if (!writer.reuse(page.path, pageInputHash(cfg, page))) libraryPages.push(page);
  }
  const data = new SiteData(
    listPages,
    libraryPages,
    [buildNotFoundPage(cfg)],
    (text, where) => writer.check(text, where),
  );
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
  if (writer.leaks.length) throw new LeakError(writer.leaks);
  return { files: writer.files + written, hashes: writer.hashes };
}

/** Private data found in what the build was about to publish. */
export class LeakError extends Error {
  constructor(readonly leaks: Leak[]) {
    super(`refusing to publish private data:\n${leaks.map((l) => l.message).join("\n")}`);
  }
}

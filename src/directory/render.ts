// Renders the directory into a folder with Eleventy (programmatic API). The caller (the build)
// owns fetching, the output folder's lifecycle and the atomic swap of dist/.
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { SiteData, planSite } from "./site-map.ts";
import { memoizedEntries } from "./entry.ts";
import { buildListPages } from "./web/list-pages.ts";
import { buildLibraryPages, type AreaMap } from "./web/library-pages.ts";
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
}

export async function renderSite(libs: DirectoryLibrary[], cfg: DirectoryConfig, outDir: string, opts: RenderOptions = {}): Promise<{ files: number }> {
  const entryOf = memoizedEntries(cfg);
  const script = { path: SCRIPT_FILE, contentType: contentTypeForFile(SCRIPT_FILE), body: bundleModule(PAGE_SCRIPT, { platform: "browser" }) };
  const data = new SiteData([...planSite(libs, cfg, entryOf), script], buildListPages(libs, cfg, entryOf), buildLibraryPages(libs, cfg, entryOf, opts.areaMap), [buildNotFoundPage(cfg)]);
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
  const expected = data.files.length + data.listPages.length + data.libraryPages.length + data.notFoundPages.length;
  if (written !== expected) throw new Error(`Eleventy wrote ${written} files, expected ${expected}`);
  return { files: written };
}

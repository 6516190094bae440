// Renders the directory into a folder with Eleventy (programmatic API). The caller (the build)
// owns fetching, the output folder's lifecycle and the atomic swap of dist/.
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { SiteData, planSite } from "./site-map.ts";
import { buildHomePages } from "./home.ts";

const PROJECT = new URL("../../", import.meta.url);
const SITE_INPUT = fileURLToPath(new URL("src/site/", PROJECT));
const CONFIG = fileURLToPath(new URL(".eleventy.ts", PROJECT));

interface WrittenTemplate {
  outputPath?: string | false;
}

/** Writes every file of the site into `outDir` (which should be empty: Eleventy cleans nothing). */
export async function renderSite(libs: DirectoryLibrary[], cfg: DirectoryConfig, outDir: string): Promise<{ files: number }> {
  const data = new SiteData(planSite(libs, cfg), buildHomePages(libs, cfg));
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
  const expected = data.files.length + data.pages.length;
  if (written !== expected) throw new Error(`Eleventy wrote ${written} files, expected ${expected}`);
  return { files: written };
}

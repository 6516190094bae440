// Eleventy configuration. Eleventy here only renders what the pure builders produce: run it
// through renderSite (src/directory/render.ts), which passes the directory as global data.
import { fileURLToPath } from "node:url";
import type { UserConfig } from "@11ty/eleventy/UserConfig";

export default function (eleventyConfig: UserConfig) {
  // TypeScript templates run as JavaScript templates (tsx compiles them on import).
  eleventyConfig.addExtension("11ty.ts", { key: "11ty.js" });
  eleventyConfig.setTemplateFormats(["11ty.ts"]);
  eleventyConfig.setQuietMode(true);
  // Our global data is one class instance, read only: nothing to deep-merge.
  eleventyConfig.setDataDeepMerge(false);
  // The output folder is not set here: a value returned here would override the one renderSite
  // passes (the build renders into a staging folder, then swaps it in as dist/).
  // The templates' folder by its full path: `registry build` runs from the registry's folder,
  // which need not be this project's (a path relative to the working folder failed there).
  return {
    dir: { input: fileURLToPath(new URL("src/site/", import.meta.url)) },
  };
}

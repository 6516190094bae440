// One JavaScript file from a TypeScript module and what it imports (esbuild): the Cloudflare
// worker and the web page's script run the same search code as `registry serve`, so they are
// bundled from it at build time rather than written twice. Memoised: the sources do not change
// while a process runs.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

const bundles = new Map<string, string>();

export function bundleModule(entry: URL, opts: { platform: "browser" | "neutral"; banner?: string }): string {
  const key = `${entry.href}|${opts.platform}`;
  let code = bundles.get(key);
  if (code === undefined) {
    const out = buildSync({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      write: false,
      format: "esm",
      platform: opts.platform,
      mainFields: ["module", "main"],
      target: "es2022",
      minify: true,
      legalComments: "none",
      banner: opts.banner ? { js: opts.banner } : undefined,
    });
    code = out.outputFiles[0].text;
    bundles.set(key, code);
  }
  return code;
}

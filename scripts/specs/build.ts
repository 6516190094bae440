// `registry build`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry build [--libraries DIR] [--out DIR] [--config FILE] [--offline] [--concurrency N] [--update-snapshots]

Fetches and validates every library's Authentication for OPDS document, then writes the static
directory (OPDS 2 feeds, one file per library, crawlable pages, web page, _headers, _redirects,
build-report.json) into the output folder. The previous output stays in place if the build fails.

  --libraries DIR      folder of <slug>.yaml entries (default: libraries_dir of the config, "libraries")
  --out DIR            output folder, rebuilt from scratch (default: out_dir of the config, "dist")
  --config FILE        registry config (default: registry.config.yaml)
  --offline            fetch nothing: build from the validated snapshots in the entries
  --concurrency N      documents fetched at once (default: fetch.concurrency, 16)
  --update-snapshots   write refreshed snapshots back into the entries (for a scheduled job that commits them)

Exit code 0 when the directory was written, 1 when the build failed (entries invalid, a leak, a write error).`;

export const options = {
  libraries: { type: "string" },
  out: { type: "string" },
  config: { type: "string" },
  offline: { type: "boolean" },
  concurrency: { type: "string" },
  "update-snapshots": { type: "boolean" },
} as const;

import { resolve } from "node:path";
import { loadConfig } from "../../src/registry/config.ts";
import { buildDirectory, type BuildReport } from "../../src/build/build.ts";
import { intOption, isDirectory, parseCommandArgs } from "../args.ts";

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

const options = {
  libraries: { type: "string" },
  out: { type: "string" },
  config: { type: "string" },
  offline: { type: "boolean" },
  concurrency: { type: "string" },
  "update-snapshots": { type: "boolean" },
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  if (positionals.length) {
    console.error(`registry build: unexpected argument '${positionals[0]}'\n\n${help}`);
    return 2;
  }
  const config = loadConfig(values.config);
  // A mistyped --libraries would otherwise publish an empty directory over the real one.
  if (values.libraries !== undefined && !isDirectory(resolve(values.libraries))) {
    console.error(`registry build: --libraries ${values.libraries}: ${resolve(values.libraries)} is not a folder; the previous output was left as it was`);
    return 1;
  }
  const tty = process.stderr.isTTY;
  const result = await buildDirectory({
    config,
    librariesDir: values.libraries ? resolve(values.libraries) : undefined,
    outDir: values.out ? resolve(values.out) : undefined,
    offline: values.offline,
    concurrency: intOption(values.concurrency, "concurrency", 1, 256),
    updateSnapshots: values["update-snapshots"],
    onProgress: tty
      ? (done, total) => {
          if (done === total || done % 10 === 0) process.stderr.write(`\rrefreshing libraries: ${done}/${total}`);
          if (done === total) process.stderr.write("\n");
        }
      : undefined,
  });
  if (!result.ok) {
    console.error("registry build failed; the previous output was left as it was:");
    for (const e of result.errors) console.error(`  ${e}`);
    return 1;
  }
  console.log(summarize(result.report, result.outDir, result.files, result.seconds));
  return 0;
}

export function summarize(report: BuildReport, outDir: string, files: number, seconds: number): string {
  const c = report.counts;
  const lines = [
    `Built ${outDir}: ${files} files in ${seconds.toFixed(1)} s${report.offline ? " (offline, from snapshots)" : ""}.`,
    `  ${c.entries} entries: ${c.listed} listed (${c.production} in production, ${c.qa} in QA), ${c.fresh + c.changed} refreshed (${c.changed} changed), ${c.stale} stale, ${c.excluded} excluded${c.offline ? `, ${c.offline} from snapshots` : ""}.`,
  ];
  for (const lib of report.libraries) {
    if (lib.status === "stale") lines.push(`  stale     ${lib.slug}: listed from its snapshot; could not refresh: ${lib.reasons?.join(" ")}`);
    if (lib.status === "excluded") lines.push(`  excluded  ${lib.slug}: ${lib.reasons?.join(" ")}`);
  }
  for (const lib of report.libraries) {
    for (const u of lib.unresolved_places ?? []) {
      lines.push(`  place     ${lib.slug}: ${u.member} "${u.name}" is ${u.status}${u.candidates.length ? ` (candidates: ${u.candidates.slice(0, 5).join("; ")})` : ""}`);
    }
  }
  const warned = report.libraries.filter((l) => l.warnings?.length);
  if (warned.length) lines.push(`  ${warned.length} libraries have warnings: see ${outDir}/build-report.json`);
  return lines.join("\n");
}

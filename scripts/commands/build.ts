import { resolve } from "node:path";
import { loadConfig } from "../../src/registry/config.ts";
import { buildDirectory, type BuildReport } from "../../src/build/build.ts";
import { intOption, isDirectory, parseCommandArgs } from "../args.ts";
import { help, options } from "../specs/build.ts";

export { help };

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

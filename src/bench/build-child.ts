// One measured build in its own process, so that its peak RSS is its own. Run by `registry bench`
// as: build-child.ts CONFIG online|offline [update-snapshots]
import { loadConfig } from "../registry/config.ts";
import { buildDirectory } from "../build/build.ts";
import { childFigures } from "./child-figures.ts";

const [configPath, mode, update] = process.argv.slice(2);
const config = loadConfig(configPath);
const started = childFigures.start();
const result = await buildDirectory({ config, offline: mode === "offline", updateSnapshots: update === "update-snapshots" });
const figures = childFigures.stop(started);
if (!result.ok) {
  console.log(JSON.stringify({ ok: false, errors: result.errors.slice(0, 5) }));
  process.exit(1);
}
const warnings = result.report.libraries.reduce((n, l) => n + (l.warnings?.length ?? 0), 0);
console.log(JSON.stringify({ ok: true, ...figures, files: result.files, counts: result.report.counts, timings: result.timings, warnings }));

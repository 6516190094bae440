// One measured build in its own process, so that its peak RSS is its own. Run by `registry bench`.
import { loadConfig } from "../registry/config.ts";
import { buildDirectory } from "../build/build.ts";

const [configPath, mode] = process.argv.slice(2);
const config = loadConfig(configPath);
const t0 = performance.now();
const result = await buildDirectory({ config, offline: mode === "offline" });
const seconds = (performance.now() - t0) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
if (!result.ok) {
  console.log(JSON.stringify({ ok: false, errors: result.errors.slice(0, 5) }));
  process.exit(1);
}
console.log(JSON.stringify({ ok: true, seconds, maxRssMb, files: result.files, counts: result.report.counts, timings: result.timings }));

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSampleLibraries } from "../../src/demo/sample-libraries.ts";
import { syntheticEntryYaml, syntheticIndex, syntheticLibrary } from "../../src/bench/synthetic.ts";
import { benchHandshake } from "../../src/bench/handshake.ts";
import { intOption, parseCommandArgs } from "../args.ts";

export const help = `usage: registry bench [--libraries N] [--registrations N] [--concurrency N] [--keep]

Measures the registry on this machine against synthetic libraries served on 127.0.0.1:
  - a cold build (every document and start feed fetched) and a warm build (all from the HTTP
    cache) of N libraries: wall seconds, peak RSS, and the ratio to a floor that writes the same
    feeds with JSON.stringify and fs.writeFile alone;
  - the registration handshake: registrations per second against a zero-latency loopback library,
    and the registry's own time per registration (excluding its two fetches).
Targets for 10,000 libraries on 2 cores: warm ≤ 10 s, cold ≤ 30 s, peak RSS ≤ 600 MB; own time per
registration ≤ 20 ms at the median.

  --libraries N       synthetic libraries to build (default 10000)
  --registrations N   registrations to time (default 200)
  --concurrency N     fetches at once during the builds (default 32)
  --keep              keep the work folder (its path is printed)`;

const options = { libraries: { type: "string" }, registrations: { type: "string" }, concurrency: { type: "string" }, keep: { type: "boolean" } } as const;

const here = fileURLToPath(new URL(".", import.meta.url));

function child(script: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(here, "../../src/bench", script), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("close", (code) => {
      try {
        const last = out.trim().split("\n").pop() ?? "";
        const parsed = JSON.parse(last);
        if (code !== 0 || !parsed.ok) reject(new Error(`${script} failed: ${last}`));
        else resolve(parsed);
      } catch {
        reject(new Error(`${script} exited ${code}: ${out.slice(-500)}`));
      }
    });
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, help);
  const n = intOption(values.libraries, "libraries", 1, 1_000_000) ?? 10_000;
  const regs = intOption(values.registrations, "registrations", 1, 100_000) ?? 200;
  const concurrency = intOption(values.concurrency, "concurrency", 1, 256) ?? 32;
  const work = mkdtempSync(join(tmpdir(), "registry-bench-"));
  const libs = await startSampleLibraries([], {
    generate: (slug) => {
      const i = syntheticIndex(slug);
      return i === undefined ? undefined : syntheticLibrary(i);
    },
  });
  try {
    mkdirSync(join(work, "libraries"));
    for (let i = 0; i < n; i++) writeFileSync(join(work, "libraries", `${syntheticLibrary(i).slug}.yaml`), syntheticEntryYaml(i, libs.base));
    const config = join(work, "registry.config.yaml");
    writeFileSync(
      config,
      `title: Bench Registry\nbase_url: https://registry.example.org\nregister_url: https://registry.example.org/register\npage_size: 100\nfetch:\n  allow_hosts: ["127.0.0.1"]\n  concurrency: ${concurrency}\n  cache_seconds: 86400\n  cache_dir: cache\n`,
    );
    console.log(`registry bench: ${n} synthetic libraries on ${libs.base}, work folder ${work}, ${concurrency} fetches at once`);
    const hits0 = libs.hits();
    const cold = await child("build-child.ts", [config, "online"]);
    const coldHits = libs.hits() - hits0;
    const warm = await child("build-child.ts", [config, "online"]);
    const warmHits = libs.hits() - hits0 - coldHits;
    const floor = await child("floor-child.ts", [config, String(n), libs.base, join(work, "floor")]);
    const row = (name: string, r: { seconds: number; maxRssMb: number }, target?: number) =>
      `  ${name.padEnd(6)} ${r.seconds.toFixed(2).padStart(7)} s  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB  ${(r.seconds / floor.seconds).toFixed(1).padStart(5)}× floor${target ? `  (target ≤ ${target} s: ${r.seconds <= target ? "met" : "MISSED"}; RSS ≤ 600 MB: ${r.maxRssMb <= 600 ? "met" : "MISSED"})` : ""}`;
    console.log(`\nbuild of ${n} libraries (${cold.files} files; ${cold.counts.listed} listed):`);
    console.log(row("cold", cold, 30) + `  [${coldHits} requests]`);
    console.log(row("warm", warm, 10) + `  [${warmHits} requests]`);
    const stages = (r: { timings?: Record<string, number> }) => Object.entries(r.timings ?? {}).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(", ");
    console.log(`         stages (s): cold: ${stages(cold)}\n                     warm: ${stages(warm)}`);
    console.log(`  floor  ${floor.seconds.toFixed(2).padStart(7)} s  peak RSS ${floor.maxRssMb.toFixed(0).padStart(4)} MB  (same ${floor.files} documents, JSON.stringify + fs.writeFile only)`);

    for (const withKeys of [false, true]) {
      const h = await benchHandshake(libs, regs, { withKeys });
      console.log(
        `\nregistration handshake, ${h.registrations} new libraries${withKeys ? " with public keys (secret issued, sealed)" : " without keys"}${h.failures ? `, ${h.failures} FAILED` : ""}:\n` +
          `  ${h.perSecond.toFixed(0)} registrations/s; registry's own time per registration: median ${h.ownMsMedian.toFixed(2)} ms, p95 ${h.ownMsP95.toFixed(2)} ms (target median ≤ 20 ms: ${h.ownMsMedian <= 20 ? "met" : "MISSED"}); the two fetches: median ${h.fetchMsMedian.toFixed(2)} ms`,
      );
    }
    return 0;
  } finally {
    await libs.close();
    if (values.keep) console.log(`\nkept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

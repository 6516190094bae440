// Runs every test/**/*.test.ts file with uvu, each in its own process, and prints one
// "N passed, N failed, N skipped" line. A file that runs no test at all (a forgotten .run(),
// an empty suite) counts as a failure: uvu itself would pass it silently. A file whose tests all
// skipped (a system program absent, said in a "skipping …" line) is not a failure; CI turns such
// skips into failures with REGISTRY_TEST_REQUIRE (test/support/system-program.ts).
// Each file runs with TMPDIR set to a folder of its own, removed when the file ends: what a test
// or a program it starts leaves in os.tmpdir() does not pile up on the machine (a run used to
// leave ~200 folders in /tmp).
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

interface FileResult { file: string; passed: number; failed: number; skipped: number; code: number; output: string }

const scratchDirs = new Set<string>();
function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  scratchDirs.delete(dir);
}
// stopped (a Ctrl-C, CI's timeout): the scratch folders go too, and the exit code says by what
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    for (const dir of scratchDirs) removeScratch(dir);
    process.exit(code);
  });
}

function runFile(file: string): Promise<FileResult> {
  const scratch = mkdtempSync(join(tmpdir(), "registry-test-"));
  // searchable by others, as /tmp is: nginx's workers (another user) serve a test's dist/ from it
  chmodSync(scratch, 0o711);
  scratchDirs.add(scratch);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], {
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", TMPDIR: scratch },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      removeScratch(scratch);
      // uvu's summary: "  Total:     12" / "  Passed:    12" / "  Skipped:   0"
      const num = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? 0);
      const total = num("Total");
      const passed = num("Passed");
      const skipped = num("Skipped");
      resolve({ file, passed, failed: Math.max(0, total - passed - skipped), skipped, code: code ?? 1, output });
    });
  });
}

const args = process.argv.slice(2);
const files = (args.length ? args : findTests("test")).map((f) => relative(process.cwd(), f));
const jobs = Math.max(1, Number(process.env.TEST_JOBS ?? 2));
const results: FileResult[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < files.length) {
      const file = files[next++];
      const r = await runFile(file);
      results.push(r);
      const ran = r.passed + r.failed;
      const bad = r.code !== 0 || r.failed > 0 || (ran === 0 && r.skipped === 0);
      process.stdout.write(`${bad ? "FAIL" : "ok  "} ${file} (${r.passed} passed${r.failed ? `, ${r.failed} failed` : ""}${r.skipped ? `, ${r.skipped} skipped` : ""})\n`);
      // A file that skips tests says why (e.g. ../shared/fixtures is absent): pass that on.
      for (const line of new Set(r.output.split("\n").filter((l) => /^skipping /.test(l)))) process.stdout.write(`     ${line}\n`);
      if (bad) {
        if (ran === 0 && r.skipped === 0 && r.code === 0) process.stdout.write("     ran no test: does the file call .run()?\n");
        process.stdout.write(r.output.split("\n").map((l) => "     " + l).join("\n") + "\n");
      }
    }
  }),
);
let passed = 0, failed = 0, skipped = 0;
for (const r of results) {
  passed += r.passed;
  skipped += r.skipped;
  const ran = r.passed + r.failed;
  failed += r.failed + (r.failed === 0 && (r.code !== 0 || (ran === 0 && r.skipped === 0)) ? 1 : 0);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);

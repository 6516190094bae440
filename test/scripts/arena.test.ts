// `registry build` and `registry serve` start themselves again with MALLOC_ARENA_MAX=2 and fixed
// trim and mmap thresholds on glibc Linux (scripts/arena.ts): the settings reach the command, its
// exit code comes back, a supervisor's SIGTERM is passed on, and a value the operator set is left alone.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MALLOC_SETTINGS, wantsArenaLimit, withMallocSettings } from "../../scripts/arena.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// inside the project so the throwaway script resolves tsx; not *.test.ts
const work = mkdtempSync(join(ROOT, "test", ".arena-"));
const script = join(work, "command.ts");
writeFileSync(
  script,
  `import { rerunWithArenaLimit, wantsArenaLimit } from ${JSON.stringify(join(ROOT, "scripts/arena.ts"))};
if (wantsArenaLimit()) {
  process.exitCode = await rerunWithArenaLimit();
} else {
  for (const k of ["MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"]) console.log(k + "=" + process.env[k]);
  if (process.argv[2] === "wait") {
    process.once("SIGTERM", () => { console.log("stopped by SIGTERM"); process.exit(0); });
    console.log("ready");
    setInterval(() => {}, 1000);
  } else process.exitCode = 3;
}
`,
);
test.after(() => rmSync(work, { recursive: true, force: true }));

const glibcLinux = process.platform === "linux" && typeof (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime === "string";

function run(args: string[], env: NodeJS.ProcessEnv, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const take = (d: Buffer) => {
      out += d;
      onOutput?.(out, child);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code) => resolve({ code, out }));
  });
}

const envWithout = () => {
  const env = { ...process.env };
  for (const k of Object.keys(MALLOC_SETTINGS)) delete env[k];
  return env;
};

test("a value the operator set is left alone, and so is any platform without glibc", () => {
  assert.not.ok(wantsArenaLimit({ MALLOC_ARENA_MAX: "8" }));
  assert.not.ok(wantsArenaLimit({ GLIBC_TUNABLES: "glibc.malloc.arena_max=4" }), "malloc tuned through GLIBC_TUNABLES");
  assert.is(wantsArenaLimit({ GLIBC_TUNABLES: "glibc.pthread.rseq=0" }), glibcLinux, "another tunable is not malloc's");
  assert.is(wantsArenaLimit({}), glibcLinux);
  assert.equal(withMallocSettings({ PATH: "/bin", MALLOC_TRIM_THRESHOLD_: "0" }), {
    PATH: "/bin",
    MALLOC_ARENA_MAX: "2",
    MALLOC_TRIM_THRESHOLD_: "0",
    MALLOC_MMAP_THRESHOLD_: String(256 * 1024),
  });
});

(glibcLinux ? test : test.skip)("the command runs again with MALLOC_ARENA_MAX=2 and its exit code comes back", async () => {
  const r = await run([], envWithout());
  assert.match(r.out, /^MALLOC_ARENA_MAX=2$/m, r.out);
  assert.match(r.out, /^MALLOC_TRIM_THRESHOLD_=1048576$/m, r.out);
  assert.match(r.out, /^MALLOC_MMAP_THRESHOLD_=262144$/m, r.out);
  assert.is(r.code, 3, r.out);
  const ownTrim = await run([], { ...envWithout(), MALLOC_TRIM_THRESHOLD_: "65536" });
  assert.match(ownTrim.out, /^MALLOC_ARENA_MAX=2$/m, "started again");
  assert.match(ownTrim.out, /^MALLOC_TRIM_THRESHOLD_=65536$/m, "with the operator's threshold kept");
  const set = await run([], { ...envWithout(), MALLOC_ARENA_MAX: "4" });
  assert.match(set.out, /^MALLOC_ARENA_MAX=4$/m, "not started again");
  assert.match(set.out, /^MALLOC_MMAP_THRESHOLD_=undefined$/m, "nothing else set either");
});

(glibcLinux ? test : test.skip)("a SIGTERM sent to the command reaches the process doing the work, once", async () => {
  let sent = false;
  const r = await run(["wait"], envWithout(), (out, child) => {
    if (!sent && /^ready$/m.test(out)) {
      sent = true;
      child.kill("SIGTERM");
    }
  });
  assert.is(r.code, 0, r.out);
  assert.is(r.out.match(/stopped by SIGTERM/g)?.length, 1, r.out);
});

test.run();

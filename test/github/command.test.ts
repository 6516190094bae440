// `registry github …` as the workflows run it: the Actions environment, an event file, the
// stand-in as GITHUB_API_URL. The token never reaches the output.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ISSUE_FORM_PATH } from "../../src/github/issue-form.ts";
import { startRoutes, type RoutesServer } from "../support/routes-server.ts";
import { example, formBody, issueEvent, library, registryConfig, registryKeys, standIn } from "./harness.ts";
import type { StandIn } from "./stand-in.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let srv: RoutesServer;
let gh: StandIn;
test.before(async () => {
  srv = await startRoutes();
  gh = await standIn();
});
test.after(async () => {
  await srv.close();
  await gh.close();
});

function registry(args: string[], env: Record<string, string>, dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" };
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/registry.ts"), ...args, "--config", join(dir, "registry.config.yaml")], { cwd: ROOT, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function workspace() {
  const { dir } = registryConfig();
  writeFileSync(join(dir, "registry.config.yaml"), `title: T\nbase_url: https://registry.test\nfetch:\n  allow_hosts: ["127.0.0.1"]\n`);
  mkdirSync(join(dir, ".github/ISSUE_TEMPLATE"), { recursive: true });
  copyFileSync(join(ROOT, ISSUE_FORM_PATH), join(dir, ISSUE_FORM_PATH));
  return dir;
}

test("onboard reads GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_TOKEN and GITHUB_API_URL and opens the pull request", async () => {
  const dir = workspace();
  const issue = gh.openIssue({ body: formBody(library(srv, "cli")), labels: ["registration"] });
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(issueEvent(gh, "opened", issue.number)));
  const env = { GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: gh.repository, GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.base, REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem };
  const r = await registry(["github", "onboard"], env, dir);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `Issue #${issue.number}: registered library-cli; pull request #`);
  assert.is(gh.pulls.length, 1);
  assert.not.match(r.stdout + r.stderr, gh.token);
  assert.not.match(r.stdout + r.stderr, "PRIVATE KEY");

  // --event FILE wins over GITHUB_EVENT_PATH; an unlabelled issue does nothing.
  const other = gh.openIssue({ body: formBody(library(srv, "cli2")) });
  const otherPath = join(dir, "other.json");
  writeFileSync(otherPath, JSON.stringify(issueEvent(gh, "opened", other.number)));
  const before = gh.requests.length;
  const s = await registry(["github", "onboard", "--event", otherPath], env, dir);
  assert.is(s.code, 0, s.stderr);
  assert.match(s.stdout, "Nothing to do: issue");
  assert.is(gh.requests.length, before);
});

test("check-pr and refresh run from the same environment; check-pr's exit code is the check's colour", async () => {
  const dir = workspace();
  gh.refs.set("docs", gh.refs.get("main")!);
  gh.pushTo("docs", { "docs.md": "words\n" });
  gh.pulls.push({ number: 90, head: "docs", base: "main", title: "Docs", body: "", state: "open", merged: false });
  gh.issues.set(90, { number: 90, title: "Docs", body: "", state: "open", labels: [], comments: [] });
  const event = example("pull_request", "synchronize");
  event.pull_request = { ...event.pull_request, number: 90, state: "open" };
  const eventPath = join(dir, "pr.json");
  writeFileSync(eventPath, JSON.stringify(event));
  const env = { GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: gh.repository, GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.base };
  const green = await registry(["github", "check-pr"], { ...env, REGISTRY_TESTS_OUTCOME: "success" }, dir);
  assert.is(green.code, 0, green.stderr);
  assert.match(green.stdout, "Check passed");
  const red = await registry(["github", "check-pr"], { ...env, REGISTRY_TESTS_OUTCOME: "failure" }, dir);
  assert.is(red.code, 1);
  assert.match(red.stdout, "Check failed");

  const refresh = await registry(["github", "refresh"], { GITHUB_REPOSITORY: gh.repository, GITHUB_TOKEN: gh.token, GITHUB_API_URL: gh.base }, dir);
  assert.is(refresh.code, 0, refresh.stderr);
  assert.match(refresh.stdout, "Refreshed 0 libraries: 0 changed, 0 failing.");
});

test("a missing environment or a bad event file is a clear error; an unknown subcommand a usage error", async () => {
  const dir = workspace();
  const noRepo = await registry(["github", "onboard", "--event", "x.json"], { GITHUB_TOKEN: "t" }, dir);
  assert.is(noRepo.code, 1);
  assert.match(noRepo.stderr, "GITHUB_REPOSITORY must be owner/name (it is not set)");
  const noToken = await registry(["github", "onboard"], { GITHUB_REPOSITORY: "a/b" }, dir);
  assert.match(noToken.stderr, "GITHUB_TOKEN is not set");
  const noEvent = await registry(["github", "onboard"], { GITHUB_REPOSITORY: "a/b", GITHUB_TOKEN: "t" }, dir);
  assert.match(noEvent.stderr, "give --event FILE or set GITHUB_EVENT_PATH");
  const missing = await registry(["github", "onboard", "--event", join(dir, "none.json")], { GITHUB_REPOSITORY: "a/b", GITHUB_TOKEN: "t" }, dir);
  assert.match(missing.stderr, "cannot read the event file");
  const unknown = await registry(["github", "deploy"], {}, dir);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, "unknown subcommand 'deploy'");
});

test.run();

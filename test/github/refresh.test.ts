// `registry github refresh`: one pull request with the changed snapshots, an issue per library
// failing longer than refresh.fail_issue_after_days, closed when it recovers.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { refreshAll, REFRESH_BRANCH, STATUS_PATH, FAILING_LABEL } from "../../src/github/refresh.ts";
import { createGitHub } from "../../src/github/api.ts";
import { marker } from "../../src/github/comments.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";
import { library, registryConfig, standIn } from "./harness.ts";
import type { StandIn } from "./stand-in.ts";

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

const DAY = 86_400_000;
const NOW = new Date("2026-11-30T12:00:00Z");

test("a refresh opens one pull request with the changed snapshots and the right issues; a rerun updates them; recovery closes", async () => {
  const { cfg, dir } = registryConfig({ refresh: { fail_issue_after_days: 7 } });
  const ctx = registrationContext(cfg, { env: {} });
  const ids: Record<string, string> = {};
  for (const name of ["steady", "renamed", "longdown", "newdown", "recovered"]) {
    const r = await registerLibrary({ url: library(srv, `r-${name}`) }, ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    ids[name] = r.entry.id;
  }
  const files: Record<string, string> = { "README.md": "x\n" };
  for (const f of readdirSync(cfg.libraries_dir)) if (f.endsWith(".yaml")) files[`libraries/${f}`] = readFileSync(join(cfg.libraries_dir, f), "utf8");
  files[STATUS_PATH] = JSON.stringify({ failing: { [ids.longdown]: { slug: "library-r-longdown", since: new Date(NOW.getTime() - 10 * DAY).toISOString() }, [ids.newdown]: { slug: "library-r-newdown", since: NOW.toISOString() } } });
  gh.seed(files);
  const recoveredIssue = gh.openIssue({ title: "Library failing: r-recovered", body: `${marker(`failing:${ids.recovered}`)}\nold error`, labels: [FAILING_LABEL] });

  // Now: one library renamed itself, two are down.
  library(srv, "r-renamed", { doc: { title: "Renamed Library" } });
  srv.set("/r-longdown/auth", json({ error: "gone" }, "application/json", 503));
  srv.set("/r-newdown/auth", json({ error: "gone" }, "application/json", 503));

  const client = createGitHub({ token: gh.token, apiUrl: gh.base, sleep: async () => {} });
  const deps = { gh: client, repo: { owner: gh.owner, repo: gh.name }, config: cfg, target: { gh: client, repo: { owner: gh.owner, repo: gh.name }, librariesPath: "libraries", localDir: cfg.libraries_dir }, now: () => NOW };
  const out = await refreshAll(deps);
  assert.is(out.checked, 5);
  assert.equal(out.changed, ["library-r-renamed"]);
  assert.equal(out.failing.map((f) => f.slug).sort(), ["library-r-longdown", "library-r-newdown"]);
  assert.is(out.pullRequest?.created, true);
  assert.is(gh.pulls.length, 1);
  const branch = gh.filesOf(REFRESH_BRANCH);
  assert.is(parse(branch["libraries/library-r-renamed.yaml"]).snapshot.title, "Renamed Library");
  assert.is(branch["libraries/library-r-steady.yaml"], files["libraries/library-r-steady.yaml"], "unchanged entries are not rewritten");
  const status = JSON.parse(branch[STATUS_PATH]);
  assert.equal(Object.keys(status.failing).sort(), [ids.longdown, ids.newdown].sort());
  assert.is(status.failing[ids.longdown].since, new Date(NOW.getTime() - 10 * DAY).toISOString(), "the start of a failure is kept");

  // Issues: one for the library down 10 days (with its last error), none for one seen failing today, the recovered one closed.
  const failingIssues = [...gh.issues.values()].filter((i) => i.labels.includes(FAILING_LABEL) && i.state === "open");
  assert.is(failingIssues.length, 1);
  assert.match(failingIssues[0].title, "(library-r-longdown)");
  assert.match(failingIssues[0].body, "503");
  assert.is(gh.issues.get(recoveredIssue.number)!.state, "closed");
  assert.match(gh.issues.get(recoveredIssue.number)!.comments[0].body, "passed the refresh");

  // A week later, the same: the same pull request and issue are updated; newdown, failing for a week now, gets its issue.
  const later = new Date(NOW.getTime() + 7 * DAY);
  const again = await refreshAll({ ...deps, now: () => later });
  assert.is(again.pullRequest?.created, false);
  assert.is(gh.pulls.length, 1);
  assert.equal(again.updated, [failingIssues[0].number]);
  assert.is(again.opened.length, 1);
  assert.match(gh.issues.get(again.opened[0])!.title, "(library-r-newdown)");
  assert.is(parse(gh.filesOf(REFRESH_BRANCH)["libraries/library-r-renamed.yaml"]).snapshot.title, "Renamed Library", "the unmerged snapshot stays in the pull request");

  // longdown comes back: its issue closes by itself and it leaves the status file.
  library(srv, "r-longdown");
  const back = await refreshAll({ ...deps, now: () => new Date(later.getTime() + DAY) });
  assert.equal(back.closed, [failingIssues[0].number]);
  assert.is(gh.issues.get(failingIssues[0].number)!.state, "closed");
  assert.not.ok(ids.longdown in JSON.parse(gh.filesOf(REFRESH_BRANCH)[STATUS_PATH]).failing);
});

test("a library whose logo changed: the new PNG goes into the refresh pull request with its snapshot", async () => {
  const sharp = (await import("sharp")).default;
  const own = await standIn();
  try {
    const { cfg } = registryConfig();
    const ctx = registrationContext(cfg, { env: {} });
    const r = await registerLibrary({ url: library(srv, "r-logo") }, ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    // a second library whose logo is already on the base branch, renamed since
    const kept = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#00aa33" } }).png().toBuffer();
    const keptDoc = { links: [{ rel: "start", href: `${srv.base}/r-kept/`, type: "application/atom+xml;profile=opds-catalog;kind=acquisition" }, { rel: "help", href: "mailto:help@lib.example" }, { rel: "logo", href: `data:image/png;base64,${kept.toString("base64")}`, type: "image/png" }] };
    const k = await registerLibrary({ url: library(srv, "r-kept", { doc: keptDoc }) }, ctx);
    if (!k.ok) throw new Error(JSON.stringify(k.problem));
    const keptHash = k.entry.snapshot!.logo_png!;
    const files: Record<string, string | Buffer> = { "README.md": "x\n", [`libraries/logos/${keptHash}.png`]: readFileSync(join(cfg.libraries_dir, "logos", `${keptHash}.png`)) };
    for (const f of readdirSync(cfg.libraries_dir)) if (f.endsWith(".yaml")) files[`libraries/${f}`] = readFileSync(join(cfg.libraries_dir, f), "utf8");
    own.seed(files);
    library(srv, "r-kept", { doc: { ...keptDoc, title: "Kept Logo, Renamed" } });
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#aa3300" } }).png().toBuffer();
    library(srv, "r-logo", { doc: { links: [{ rel: "start", href: `${srv.base}/r-logo/`, type: "application/atom+xml;profile=opds-catalog;kind=acquisition" }, { rel: "help", href: "mailto:help@lib.example" }, { rel: "logo", href: `data:image/png;base64,${png.toString("base64")}`, type: "image/png" }] } });
    const client = createGitHub({ token: own.token, apiUrl: own.base, sleep: async () => {} });
    const repo = { owner: own.owner, repo: own.name };
    const out = await refreshAll({ gh: client, repo, config: cfg, target: { gh: client, repo, librariesPath: "libraries", localDir: cfg.libraries_dir }, now: () => NOW });
    assert.equal(out.changed.sort(), ["library-r-kept", "library-r-logo"]);
    assert.is(parse(own.filesOf(REFRESH_BRANCH)["libraries/library-r-kept.yaml"]).snapshot.logo_png, keptHash, "the renamed library keeps its logo");
    const hash = parse(own.filesOf(REFRESH_BRANCH)["libraries/library-r-logo.yaml"]).snapshot.logo_png;
    const committed = own.bytesOf(REFRESH_BRANCH, `libraries/logos/${hash}.png`);
    assert.ok(committed && committed.subarray(1, 4).toString() === "PNG", "the PNG's bytes, not text");
    assert.equal((await sharp(committed!).metadata()).width, 64);
    assert.match(own.pulls[0].body, "New logos (1)");
  } finally {
    await own.close();
  }
});

test("nothing changed and nothing failing: no branch, no pull request, no issue", async () => {
  const quiet = await standIn();
  try {
    const { cfg } = registryConfig();
    const r = await registerLibrary({ url: library(srv, "r-quiet") }, registrationContext(cfg, { env: {} }));
    if (!r.ok) throw new Error();
    quiet.seed({ [`libraries/${r.slug}.yaml`]: readFileSync(r.path, "utf8") });
    const client = createGitHub({ token: quiet.token, apiUrl: quiet.base });
    const repo = { owner: quiet.owner, repo: quiet.name };
    const out = await refreshAll({ gh: client, repo, config: cfg, target: { gh: client, repo, librariesPath: "libraries" } });
    assert.is(out.checked, 1);
    assert.is(out.pullRequest, undefined);
    assert.equal(quiet.writes(), []);
  } finally {
    await quiet.close();
  }
});

test.run();

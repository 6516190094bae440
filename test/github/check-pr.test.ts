// `registry github check-pr`: registry check and a live handshake per changed entry, one comment
// updated in place, red with the reason. Driven by a real `pull_request` webhook payload.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkPullRequest, type CheckDeps } from "../../src/github/check-pr.ts";
import { createGitHub } from "../../src/github/api.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { withDefaults } from "../../src/registry/config.ts";
import { startRoutes, type RoutesServer } from "../support/routes-server.ts";
import { example, library, registryConfig, standIn } from "./harness.ts";
import type { StandIn } from "./stand-in.ts";

let srv: RoutesServer;
const open: StandIn[] = [];
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
  for (const g of open) await g.close();
});

/** A checkout holding one registered library, a stand-in whose pull request adds that file. */
async function setup(name: string) {
  const gh = await standIn({ "README.md": "x\n" });
  open.push(gh);
  const { cfg, dir } = registryConfig();
  const url = library(srv, name);
  const r = await registerLibrary({ url }, registrationContext(cfg, { env: {} }));
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  const rel = `libraries/${r.slug}.yaml`;
  gh.refs.set("change", gh.refs.get("main")!);
  gh.pushTo("change", { [rel]: readFileSync(r.path, "utf8") });
  const pr = { number: 40, head: "change", base: "main", title: "Add", body: "", state: "open" as const, merged: false };
  gh.pulls.push(pr);
  gh.issues.set(40, { number: 40, title: "Add", body: "", state: "open", labels: [], comments: [] });
  const event = example("pull_request", "opened");
  event.number = 40;
  event.pull_request = { ...event.pull_request, number: 40, state: "open" };
  const deps = (extra: Partial<CheckDeps> = {}): CheckDeps => ({
    gh: createGitHub({ token: gh.token, apiUrl: gh.base, sleep: async () => {} }),
    repo: { owner: gh.owner, repo: gh.name },
    config: cfg,
    root: dir,
    librariesPath: "libraries",
    ...extra,
  });
  return { gh, cfg, dir, rel, url, event, deps, path: r.path };
}

test("a pull request adding a good entry passes: one comment, green", async () => {
  const s = await setup("good");
  const out = await checkPullRequest(s.event, s.deps({ testsOutcome: "success" }));
  assert.is(out.kind, "checked");
  if (out.kind !== "checked") return;
  assert.ok(out.ok, out.summary);
  assert.equal(out.entries.map((e) => [e.file, e.status]), [[s.rel, "ok"]]);
  const comments = s.gh.issues.get(40)!.comments;
  assert.is(comments.length, 1);
  assert.match(comments[0].body, "Check passed");
  assert.match(comments[0].body, "`npm test`: passed");
});

test("when the library's feed stops linking back, the same comment turns red with the reason", async () => {
  const s = await setup("breaks");
  await checkPullRequest(s.event, s.deps());
  library(srv, "breaks", { linkBack: false });
  const out = await checkPullRequest(s.event, s.deps());
  if (out.kind !== "checked") throw new Error(out.reason);
  assert.not.ok(out.ok);
  const comments = s.gh.issues.get(40)!.comments;
  assert.is(comments.length, 1, "updated in place");
  assert.match(comments[0].body, "Check failed");
  assert.match(comments[0].body, "does not link back");
  assert.match(comments[0].body, "add a link with rel `http://opds-spec.org/auth/document`");
});

test("an entry that breaks the schema or carries a plaintext secret fails with file:line:column", async () => {
  const s = await setup("schema");
  writeFileSync(s.path, readFileSync(s.path, "utf8").replace("registry_stage: testing", "registry_stage: approved").replace(/shared_secret: .*/, "shared_secret: 0123456789abcdef0123456789abcdef0123456789abcdef"));
  const out = await checkPullRequest(s.event, s.deps());
  if (out.kind !== "checked") throw new Error(out.reason);
  assert.not.ok(out.ok);
  const body = s.gh.issues.get(40)!.comments[0].body;
  assert.match(body, new RegExp(`${s.rel.replace(/[.]/g, "\\.")}:\\d+:\\d+`));
  assert.match(body, "registry_stage");
  assert.match(body, `${s.rel}:`);
  assert.match(body, "shared_secret is not sealed");
  assert.not.match(body, s.dir, "paths are shown relative to the repository");
});

test("failed tests make it red; a pull request touching no entry gets no comment; closed ones are ignored", async () => {
  const s = await setup("tests");
  s.gh.pushTo("change", { [s.rel]: null, "docs.md": "only docs\n" });
  s.gh.refs.set("main", s.gh.refs.get("main")!);
  const quiet = await checkPullRequest(s.event, s.deps({ testsOutcome: "success" }));
  if (quiet.kind !== "checked") throw new Error();
  assert.ok(quiet.ok);
  assert.is(s.gh.issues.get(40)!.comments.length, 0);
  const red = await checkPullRequest(s.event, s.deps({ testsOutcome: "failure" }));
  if (red.kind !== "checked") throw new Error();
  assert.not.ok(red.ok);
  assert.match(s.gh.issues.get(40)!.comments[0].body, "`npm test`: failure");
  const closed = structuredClone(s.event);
  closed.pull_request.state = "closed";
  assert.is((await checkPullRequest(closed, s.deps())).kind, "ignored");
});

test("a read-only token (a fork's pull request) still checks; the result is not lost", async () => {
  const s = await setup("fork");
  s.gh.fail("POST", /\/issues\/40\/comments$/, 403, undefined, { message: "Resource not accessible by integration" });
  const out = await checkPullRequest(s.event, s.deps());
  if (out.kind !== "checked") throw new Error();
  assert.ok(out.ok);
  assert.is(out.commented, false);
  assert.match(out.summary, "Check passed");
});

test.run();

// API failures during onboarding: retried when GitHub says so (rate limit with Retry-After, 5xx),
// reported clearly otherwise (401), and never half-done (no branch without its pull request).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { onboard } from "../../src/github/onboard.ts";
import { GitHubApiError, createGitHub, rateLimitWait } from "../../src/github/api.ts";
import { startRoutes, type RoutesServer } from "../support/routes-server.ts";
import { deps, formBody, issueEvent, library, registryConfig, standIn, type Waits } from "./harness.ts";
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
async function scenario(name: string) {
  const gh = await standIn();
  open.push(gh);
  const { cfg } = registryConfig();
  const issue = gh.openIssue({ body: formBody(library(srv, name)), labels: ["registration"] });
  const waits: Waits = { ms: [] };
  return { gh, cfg, issue, waits, d: deps(gh, cfg, waits), event: () => issueEvent(gh, "opened", issue.number) };
}

test("401: a refused token is reported with what to check, and nothing is written", async () => {
  const s = await scenario("unauth");
  s.gh.token = "another-token";
  try {
    await onboard(s.event(), s.d);
    assert.unreachable("should have thrown");
  } catch (err) {
    assert.instance(err, GitHubApiError);
    assert.match((err as Error).message, /answered 401 \(Bad credentials\): the token was refused; check that GITHUB_TOKEN/);
    assert.not.match((err as Error).message, "test-token");
  }
  assert.is(s.gh.refs.size, 1);
  assert.is(s.waits.ms.length, 0, "a 401 is not retried");
});

test("403 rate limit with Retry-After: waits as told, then finishes", async () => {
  const s = await scenario("ratelimited");
  s.gh.fail("POST", /\/pulls$/, 403, { "retry-after": "7" }, { message: "You have exceeded a secondary rate limit" });
  const out = await onboard(s.event(), s.d);
  assert.is(out.kind, "registered");
  assert.equal(s.waits.ms, [7000]);
  assert.is(s.gh.pulls.length, 1);
});

test("a rate limit asking for a longer wait than allowed fails clearly and leaves no branch behind", async () => {
  const s = await scenario("ratelong");
  s.gh.fail("POST", /\/pulls$/, 429, { "retry-after": "3600" });
  try {
    await onboard(s.event(), s.d);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /asks to wait 3600 s, longer than 60 s: run the job again later/);
  }
  assert.equal([...s.gh.refs.keys()], ["main"], "the branch created for the pull request was deleted");
  assert.is(s.gh.pulls.length, 0);
});

test("5xx: retried with backoff; when it persists, the branch is put back and the error says so", async () => {
  const s = await scenario("flaky");
  s.gh.fail("GET", /\/git\/ref\/heads\/main$/, 502);
  s.gh.fail("POST", /\/git\/commits$/, 500);
  const out = await onboard(s.event(), s.d);
  assert.is(out.kind, "registered");
  assert.equal(s.waits.ms, [1000, 1000]);

  const t = await scenario("down");
  for (let i = 0; i < 4; i++) t.gh.fail("POST", /\/pulls$/, 503);
  try {
    await onboard(t.event(), t.d);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /POST \/repos\/\{owner\}\/\{repo\}\/pulls answered 503.*GitHub is failing/);
  }
  assert.equal(t.waits.ms, [1000, 2000, 4000]);
  assert.equal([...t.gh.refs.keys()], ["main"], "no branch without its pull request");
  assert.ok(t.gh.requests.some((r) => r.method === "DELETE" && r.path.endsWith(`/git/refs/heads/registration/issue-${t.issue.number}`)));
});

test("422 branch exists: a branch created meanwhile by another run is reused, never a second pull request", async () => {
  const s = await scenario("race");
  const branch = `registration/issue-${s.issue.number}`;
  s.gh.fail("POST", /\/git\/refs$/, 422, undefined, { message: "Reference already exists" });
  const out = await onboard(s.event(), s.d);
  assert.is(out.kind, "registered");
  assert.is(s.gh.pulls.length, 1);
  assert.ok(s.gh.refs.has(branch));

  // A leftover branch (its pull request closed) is moved forward and gets a pull request again.
  const u = await scenario("leftover");
  const leftover = `registration/issue-${u.issue.number}`;
  u.gh.refs.set(leftover, u.gh.refs.get("main")!);
  assert.is((await onboard(u.event(), u.d)).kind, "registered");
  assert.is(u.gh.pulls.length, 1);
  assert.is(u.gh.pulls[0].head, leftover);
});

test("a failing pull request update on a rerun puts the branch back where it was", async () => {
  const s = await scenario("rollback");
  await onboard(s.event(), s.d);
  const branch = `registration/issue-${s.issue.number}`;
  const before = s.gh.refs.get(branch);
  for (let i = 0; i < 4; i++) s.gh.fail("PATCH", /\/pulls\/\d+$/, 500);
  try {
    await onboard(issueEvent(s.gh, "edited", s.issue.number), s.d);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /answered 500/);
  }
  assert.is(s.gh.refs.get(branch), before);
});

test("rateLimitWait reads Retry-After (seconds or a date) and the primary limit's reset time", () => {
  assert.is(rateLimitWait(403, { "retry-after": "30" }), 30);
  assert.is(rateLimitWait(403, { "retry-after": new Date(10_000 + 5_000).toUTCString() }, 10_000), 5);
  assert.is(rateLimitWait(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "112" }, 100_000), 12);
  assert.is(rateLimitWait(403, {}), undefined, "a plain 403 is a missing permission, not a limit");
  assert.is(rateLimitWait(500, { "retry-after": "3" }), undefined);
});

test("the client talks only to GITHUB_API_URL, with the token as Authorization", async () => {
  const gh = await standIn();
  open.push(gh);
  const client = createGitHub({ token: gh.token, apiUrl: `${gh.base}/` });
  const { data } = await client.rest.repos.get({ owner: gh.owner, repo: gh.name });
  assert.is(data.default_branch, "main");
  assert.equal(gh.requests.map((r) => r.path), [`/repos/${gh.owner}/${gh.name}`]);
});

test.run();

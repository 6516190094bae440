// `registry github onboard` against the REST stand-in, driven by real `issues` webhook payloads.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { onboard } from "../../src/github/onboard.ts";
import { unseal } from "../../src/registry/sealed.ts";
import { startRoutes, type RoutesServer } from "../support/routes-server.ts";
import { decrypt, deps, formBody, issueEvent, library, registryConfig, registryKeys, standIn } from "./harness.ts";
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
async function fresh(files?: Record<string, string>) {
  const gh = await standIn(files);
  open.push(gh);
  return gh;
}
const comments = (gh: StandIn, n: number) => gh.issues.get(n)!.comments;

test("a library with a logo: the converted PNG the snapshot names is committed beside its entry", async () => {
  const sharp = (await import("sharp")).default;
  const gh = await fresh();
  const { cfg } = registryConfig();
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#336699" } }).png().toBuffer();
  const url = library(srv, "withlogo", { doc: { links: [{ rel: "start", href: `${srv.base}/withlogo/`, type: "application/atom+xml;profile=opds-catalog;kind=acquisition" }, { rel: "help", href: "mailto:help@lib.example" }, { rel: "logo", href: `data:image/png;base64,${png.toString("base64")}`, type: "image/png" }] } });
  const issue = gh.openIssue({ body: formBody(url, "production"), labels: ["registration"] });
  const out = await onboard(issueEvent(gh, "opened", issue.number), deps(gh, cfg));
  assert.is(out.kind, "registered");
  const branch = `registration/issue-${issue.number}`;
  const entry = parse(gh.filesOf(branch)["libraries/library-withlogo.yaml"]);
  const hash = entry.snapshot.logo_png;
  assert.match(hash, /^[0-9a-f]{32}$/);
  const committed = gh.bytesOf(branch, `libraries/logos/${hash}.png`);
  assert.ok(committed, "the logo is in the pull request");
  const meta = await sharp(committed!).metadata();
  assert.equal([meta.format, meta.width, meta.height], ["png", 135, 90], "as the directory publishes it: within 135×135, bytes intact");
});

test("a successful registration opens a branch, commits libraries/<slug>.yaml and opens one pull request linked from the issue", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "ok");
  const issue = gh.openIssue({ body: formBody(url, "production"), labels: ["registration"] });
  const out = await onboard(issueEvent(gh, "opened", issue.number), deps(gh, cfg));
  assert.is(out.kind, "registered");
  if (out.kind !== "registered") return;

  const writes = gh.writes().map((r) => `${r.method} ${r.path.replace(/\?.*/, "")}`);
  assert.equal(writes.slice(0, 4), ["POST /repos/libraries-org/registry/git/trees", "POST /repos/libraries-org/registry/git/commits", "POST /repos/libraries-org/registry/git/refs", "POST /repos/libraries-org/registry/pulls"]);
  const branch = `registration/issue-${issue.number}`;
  const files = gh.filesOf(branch);
  assert.equal(Object.keys(files).sort(), ["README.md", "libraries/library-ok.yaml"]);
  const entry = parse(files["libraries/library-ok.yaml"]);
  assert.is(entry.url, url);
  assert.is(entry.library_stage, "production");
  assert.is(entry.registry_stage, "testing");
  assert.match(entry.shared_secret, /^sealed:v1:/);

  assert.is(gh.pulls.length, 1);
  const pr = gh.pulls[0];
  assert.is(pr.head, branch);
  assert.is(pr.base, "main");
  assert.match(pr.body, `Closes #${issue.number}`);
  assert.match(pr.title, "Library ok (library-ok)");

  const [comment] = comments(gh, issue.number);
  assert.match(comment.body, `pull request #${pr.number}`);
  assert.match(comment.body, "openssl pkeyutl -decrypt");
  // The document in the comment carries the secret encrypted to the library's key, and it is the stored one.
  const doc = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(comment.body)![1]);
  assert.is(decrypt(doc.metadata.shared_secret), unseal(entry.shared_secret, registryKeys.privateKeyPem));
  assert.is(doc.metadata.short_name, entry.short_name);
  assert.not.match(comment.body, /sealed:v1:/);
  assert.not.ok(gh.issues.get(issue.number)!.labels.includes("registration-failed"));
});

test("an edited issue reruns on the same branch and pull request, re-sending the same secret", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "rerun");
  const issue = gh.openIssue({ body: formBody(url, "testing"), labels: ["registration"] });
  const d = deps(gh, cfg);
  const first = await onboard(issueEvent(gh, "opened", issue.number), d);
  const branch = `registration/issue-${issue.number}`;
  const before = parse(gh.filesOf(branch)["libraries/library-rerun.yaml"]);
  const firstDoc = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(comments(gh, issue.number)[0].body)![1]);

  issue.body = formBody(url, "production", "We are ready.");
  const headBefore = gh.refs.get(branch)!;
  const again = await onboard(issueEvent(gh, "edited", issue.number, { changes: { body: { from: "x" } } }), d);
  assert.is(first.kind, "registered");
  assert.is(again.kind, "registered");
  if (again.kind !== "registered" || first.kind !== "registered") return;
  assert.is(again.pullRequest, first.pullRequest);
  assert.is(again.created, false);
  assert.is(gh.pulls.length, 1);
  assert.ok(gh.isAncestor(headBefore, gh.refs.get(branch)!), "the branch moved forward, not forced");
  const after = parse(gh.filesOf(branch)["libraries/library-rerun.yaml"]);
  assert.is(after.library_stage, "production");
  assert.is(after.id, before.id);
  assert.is(after.short_name, before.short_name);
  assert.is(after.shared_secret, before.shared_secret, "the sealed secret is the one issued first");
  assert.is(comments(gh, issue.number).length, 1, "the comment is updated in place");
  const doc = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(comments(gh, issue.number)[0].body)![1]);
  assert.is(decrypt(doc.metadata.shared_secret), decrypt(firstDoc.metadata.shared_secret));
});

test("an issue for a library already on main cannot change its stage: only the library's own secret could", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "established");
  const first = gh.openIssue({ body: formBody(url, "testing"), labels: ["registration"] });
  const d = deps(gh, cfg);
  await onboard(issueEvent(gh, "opened", first.number), d);
  // The maintainer merges the first pull request.
  const file = "libraries/library-established.yaml";
  gh.pushTo("main", { [file]: gh.filesOf(`registration/issue-${first.number}`)[file] });
  gh.pulls[0].state = "closed";

  const stranger = gh.openIssue({ body: formBody(url, "production"), labels: ["registration"] });
  const out = await onboard(issueEvent(gh, "opened", stranger.number), d);
  assert.is(out.kind, "failed");
  assert.match(comments(gh, stranger.number)[0].body, "must never be written in an issue");
  assert.is(gh.pulls.length, 1, "no pull request for the stranger");
});

test("a rerun after main moved on merges main in: the pull request still shows only the registration", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "moved");
  const issue = gh.openIssue({ body: formBody(url), labels: ["registration"] });
  const d = deps(gh, cfg);
  await onboard(issueEvent(gh, "opened", issue.number), d);
  gh.pushTo("main", { "NEWS.md": "something else landed\n" });
  await onboard(issueEvent(gh, "edited", issue.number), d);
  const branch = `registration/issue-${issue.number}`;
  const head = gh.commits.get(gh.refs.get(branch)!)!;
  assert.is(head.parents.length, 2);
  assert.ok(head.parents.includes(gh.refs.get("main")!));
  assert.equal(Object.keys(gh.filesOf(branch)).sort(), ["NEWS.md", "README.md", "libraries/library-moved.yaml"]);
});

test("a failed handshake comments every problem in plain words with its fix and labels registration-failed; nothing is written", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "bad", { linkBack: false, doc: { id: "https://elsewhere.example/auth", title: undefined } });
  const issue = gh.openIssue({ body: formBody(url), labels: ["registration"] });
  const out = await onboard(issueEvent(gh, "opened", issue.number), deps(gh, cfg));
  assert.is(out.kind, "failed");
  assert.equal(gh.writes().map((r) => `${r.method} ${r.path.replace(/\d+/g, "N")}`), ["POST /repos/libraries-org/registry/issues/N/comments", "POST /repos/libraries-org/registry/issues/N/labels"]);
  assert.is(gh.refs.size, 1, "no branch");
  assert.ok(gh.issues.get(issue.number)!.labels.includes("registration-failed"));
  const body = comments(gh, issue.number)[0].body;
  assert.match(body, "things to fix");
  assert.match(body, `Set the document's \`"id"\` to exactly`);
  assert.match(body, "Add `\"title\"`");
  assert.match(body, "edit this issue");

  // Edited: the document is right now, but the feed still does not link back.
  library(srv, "bad", { linkBack: false });
  assert.is((await onboard(issueEvent(gh, "edited", issue.number), deps(gh, cfg))).kind, "failed");
  const linkBack = comments(gh, issue.number)[0].body;
  assert.match(linkBack, "one thing to fix");
  assert.match(linkBack, `add a link with rel \`http://opds-spec.org/auth/document\` and href \`${url}\``);
  assert.match(linkBack, `<link rel="http://opds-spec.org/auth/document" href="${url}"/>`);
  assert.is(comments(gh, issue.number).length, 1);

  // Fixed and edited: the same comment turns into the success, the label goes.
  library(srv, "bad");
  const again = await onboard(issueEvent(gh, "edited", issue.number), deps(gh, cfg));
  assert.is(again.kind, "registered");
  assert.is(comments(gh, issue.number).length, 1);
  assert.match(comments(gh, issue.number)[0].body, "passed every check");
  assert.not.ok(gh.issues.get(issue.number)!.labels.includes("registration-failed"));
});

test("an issue without a URL gets a comment saying which field to fill in", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const issue = gh.openIssue({ body: formBody("_No response_"), labels: ["registration"] });
  const out = await onboard(issueEvent(gh, "opened", issue.number), deps(gh, cfg));
  assert.is(out.kind, "failed");
  assert.match(comments(gh, issue.number)[0].body, "Authentication for OPDS document URL");
  assert.ok(gh.issues.get(issue.number)!.labels.includes("registration-failed"));
});

test("the labeled event that follows an issue's opening does not run it twice; labelling a plain issue later does run it", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "labelled");
  const issue = gh.openIssue({ body: formBody(url), labels: ["registration"] });
  const d = deps(gh, cfg);
  assert.is((await onboard(issueEvent(gh, "opened", issue.number), d)).kind, "registered");
  const writes = gh.writes().length;
  const second = await onboard(issueEvent(gh, "labeled", issue.number, { label: { name: "registration" } }), d);
  assert.is(second.kind, "ignored");
  assert.is(gh.writes().length, writes);

  const later = gh.openIssue({ body: formBody(library(srv, "labelled-later")) });
  later.labels.push("registration");
  assert.is((await onboard(issueEvent(gh, "labeled", later.number, { label: { name: "registration" } }), d)).kind, "registered");
});

test("an issue edited to another library's URL keeps its one branch and pull request, holding only the new entry", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const issue = gh.openIssue({ body: formBody(library(srv, "first-choice")), labels: ["registration"] });
  const d = deps(gh, cfg);
  await onboard(issueEvent(gh, "opened", issue.number), d);
  issue.body = formBody(library(srv, "second-choice"));
  const out = await onboard(issueEvent(gh, "edited", issue.number), d);
  assert.is(out.kind, "registered");
  assert.is(gh.pulls.length, 1);
  assert.equal(Object.keys(gh.filesOf(`registration/issue-${issue.number}`)).filter((f) => f.startsWith("libraries/")), ["libraries/library-second-choice.yaml"]);
});

test("a closed, unlabelled or unrelated issue does nothing at all", async () => {
  const gh = await fresh();
  const { cfg } = registryConfig();
  const url = library(srv, "ignored");
  const plain = gh.openIssue({ body: formBody(url) });
  const closed = gh.openIssue({ body: formBody(url), labels: ["registration"], state: "closed" });
  const labelled = gh.openIssue({ body: formBody(url), labels: ["registration"] });
  const d = deps(gh, cfg);
  const outcomes = [
    await onboard(issueEvent(gh, "opened", plain.number), d),
    await onboard(issueEvent(gh, "reopened", closed.number), d),
    await onboard(issueEvent(gh, "edited", closed.number), d),
    await onboard(issueEvent(gh, "labeled", labelled.number, { label: { name: "bug" } }), d),
    await onboard(issueEvent(gh, "assigned", labelled.number), d),
  ];
  for (const o of outcomes) assert.is(o.kind, "ignored");
  assert.equal(gh.requests, [], "not one request");
});

test.run();

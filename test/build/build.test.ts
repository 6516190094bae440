// The build end to end: libraries/*.yaml → fetch (loopback) → validate → Eleventy → dist/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { tmpdir } from "node:os";
import { createServer as createNetServer } from "node:net";
import { FetchError, fetchErrorToProblem } from "../../src/net/fetch-error.ts";
import { staleReason } from "../../src/build/refresh.ts";
import { dirname, join, resolve } from "node:path";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { buildDirectory, listFiles } from "../../src/build/build.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";
import { withShared } from "../support/shared.ts";
import { catalogsFeedErrors } from "../directory/opds-schemas.ts";
import { feedProblems } from "../directory/client-rules.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function serveLibrary(name: string, title = `Library ${name}`) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: `mailto:help@${name}.example` }],
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

let n = 0;
function entryYaml(url: string, extra = "", stages = "library_stage: production\nregistry_stage: production\n") {
  n++;
  return `id: urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}\nurl: ${url}\n${stages}${extra}`;
}

const snapshotYaml = (url: string, title: string) =>
  `updated: 2026-01-02T03:04:05Z\nsnapshot:\n  validated: 2026-01-02T03:04:05Z\n  id: ${url}\n  title: ${title}\n  start: {href: "${url.replace(/auth$/, "")}", type: "${ATOM}"}\n  help: ["mailto:help@x.example"]\n  copyright_agent: []\n  anonymous_access: false\n  audiences: [public]\n`;

function workspace(files: Record<string, string>): { cfg: RegistryConfig; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "build-"));
  mkdirSync(join(dir, "libraries"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "libraries", name), text);
  const cfg = withDefaults({ title: "Test Registry", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 1 } }, dir, null);
  return { cfg, dir };
}

const readJson = (cfg: RegistryConfig, file: string) => JSON.parse(readFileSync(join(cfg.out_dir, file), "utf8"));
const titles = (feed: any) => feed.catalogs.map((c: any) => c.metadata.title);

test("fresh libraries are listed by title; stages decide production and QA", async () => {
  const { cfg } = workspace({
    "b.yaml": entryYaml(serveLibrary("bravo", "Bravo Library")),
    "a.yaml": entryYaml(serveLibrary("alpha", "Alpha Library")),
    "t.yaml": entryYaml(serveLibrary("test", "Testing Library"), "", "library_stage: production\nregistry_stage: testing\n"),
    "c.yaml": entryYaml(serveLibrary("gone", "Cancelled Library"), "", "library_stage: production\nregistry_stage: cancelled\n"),
  });
  const r = await buildDirectory({ config: cfg });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.equal(titles(readJson(cfg, "feeds/libraries.json")), ["Alpha Library", "Bravo Library"]);
  assert.equal(titles(readJson(cfg, "feeds/libraries-qa.json")), ["Alpha Library", "Bravo Library", "Testing Library"]);
  assert.is(r.report.counts.fresh + r.report.counts.changed, 3);
  assert.is(r.report.counts.production, 2);
  assert.is(r.report.counts.qa, 3);
});

test("progress is reported for every library refreshed", async () => {
  const { cfg } = workspace({ "p1.yaml": entryYaml(serveLibrary("prog1")), "p2.yaml": entryYaml(serveLibrary("prog2")) });
  const calls: [number, number][] = [];
  const r = await buildDirectory({ config: cfg, onProgress: (done, total) => calls.push([done, total]) });
  assert.ok(r.ok);
  assert.equal(calls, [[1, 2], [2, 2]]);
});

test("a stale library's reason names the cause (connection refused), in the report too", async () => {
  const closed = await new Promise<number>((ok) => {
    const s = createNetServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
  const refused = `http://127.0.0.1:${closed}/auth`;
  const { cfg } = workspace({ "refused.yaml": entryYaml(refused, snapshotYaml(refused, "Refused Library")) });
  const r = await buildDirectory({ config: cfg });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const lib = r.report.libraries[0];
  assert.is(lib.status, "stale");
  assert.match(lib.reasons!.join(" "), /connection refused \(ECONNREFUSED\)/);
  const report = JSON.parse(readFileSync(join(cfg.out_dir, "build-report.json"), "utf8"));
  assert.match(JSON.stringify(report), /connection refused/);
});

test("a stale reason carries what the fetch said: how long it waited, the DNS error", () => {
  const p = fetchErrorToProblem(new FetchError("timeout", "https://cm.example.org/auth", "timed out after 10 s"), "auth document");
  assert.is(staleReason(p), "Timeout retrieving auth document https://cm.example.org/auth: timed out after 10 s");
  const d = fetchErrorToProblem(new FetchError("dns", "https://cm.example.org/auth", "cannot resolve cm.example.org (ENOTFOUND)"), "auth document");
  assert.match(staleReason(d), /cannot resolve cm\.example\.org \(ENOTFOUND\)$/);
});

test("a library whose server fails stays listed from its snapshot and is reported stale with the reason", async () => {
  srv.set("/down/auth", { status: 500, type: "text/plain", body: "oops" });
  const url = `${srv.base}/down/auth`;
  const { cfg } = workspace({ "down.yaml": entryYaml(url, snapshotYaml(url, "Down Library")) });
  const r = await buildDirectory({ config: cfg });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.equal(titles(readJson(cfg, "feeds/libraries.json")), ["Down Library"]);
  const lib = r.report.libraries[0];
  assert.is(lib.status, "stale");
  assert.match(lib.reasons!.join(" "), /500/);
  const entry = readJson(cfg, "feeds/libraries.json").catalogs[0];
  assert.is(entry.metadata.updated, "2026-01-02T03:04:05Z", "the snapshot's time, not the build's");
});

test("an invalid document also falls back to the snapshot", async () => {
  const url = `${srv.base}/invalid/auth`;
  srv.set("/invalid/auth", json({ id: "https://somewhere.else/auth", title: "X", authentication: [] }));
  const { cfg } = workspace({ "inv.yaml": entryYaml(url, snapshotYaml(url, "Invalid Now")) });
  const r = await buildDirectory({ config: cfg });
  assert.ok(r.ok && r.report.libraries[0].status === "stale" && r.report.counts.listed === 1);
});

test("an unreachable library that never validated is left out and reported", async () => {
  const { cfg } = workspace({ "never.yaml": entryYaml(`${srv.base}/never/auth`) });
  const r = await buildDirectory({ config: cfg });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.is(r.report.libraries[0].status, "excluded");
  assert.match(r.report.libraries[0].reasons!.join(" "), /never\/auth/);
  assert.equal(readJson(cfg, "feeds/libraries.json").catalogs, []);
});

test("--offline builds from snapshots alone and makes no request", async () => {
  const url = `${srv.base}/offline/auth`;
  serveLibrary("offline");
  const { cfg } = workspace({ "off.yaml": entryYaml(url, snapshotYaml(url, "Offline Library")), "none.yaml": entryYaml(`${srv.base}/nosnap/auth`) });
  const before = srv.hits.length;
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.is(srv.hits.length, before);
  assert.ok(r.ok && r.report.counts.listed === 1 && r.report.counts.excluded === 1);
  assert.ok(r.ok && r.report.offline);
});

test("a rebuild links every unchanged file from the dist/ it replaces and writes what changed; a file edited in dist/ is written again", async () => {
  const { statSync } = await import("node:fs");
  const a = `${srv.base}/reuse-a/auth`;
  const b = `${srv.base}/reuse-b/auth`;
  const { cfg, dir } = workspace({ "a.yaml": entryYaml(a, snapshotYaml(a, "Reuse A")), "b.yaml": entryYaml(b, snapshotYaml(b, "Reuse B")) });
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  const docs = [
    ...readdirSync(join(cfg.out_dir, "feeds", "library")).map((n) => join("feeds", "library", n)),
    ...readdirSync(join(cfg.out_dir, "info")).map((n) => join("info", n)),
  ].sort();
  const inode = (f: string) => statSync(join(cfg.out_dir, f)).ino;
  const hiddenFeed = "feeds/libraries/hidden-name.json"; // no library in testing: the same text again
  assert.ok(existsSync(join(cfg.out_dir, hiddenFeed)));
  const before = Object.fromEntries([...docs, "feeds/libraries.json", "root.json", hiddenFeed].map((f) => [f, inode(f)]));
  // B's title changes; a file of dist/ is edited in place (a stray deploy step)
  writeFileSync(join(dir, "libraries", "b.yaml"), readFileSync(join(dir, "libraries", "b.yaml"), "utf8").replace("title: Reuse B", "title: Reuse B2"));
  writeFileSync(join(cfg.out_dir, "root.json"), "{}");
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  const unchanged = docs.filter((f) => !readFileSync(join(cfg.out_dir, f), "utf8").includes("Reuse B2"));
  const changed = docs.filter((f) => readFileSync(join(cfg.out_dir, f), "utf8").includes("Reuse B2"));
  assert.is(unchanged.length, 2, "A's document and page");
  assert.is(changed.length, 2, "B's document and page");
  for (const f of unchanged) assert.is(inode(f), before[f], `${f}: A's is the same file, linked`);
  for (const f of changed) assert.is.not(inode(f), before[f], `${f}: B's is written anew`);
  assert.is.not(inode("feeds/libraries.json"), before["feeds/libraries.json"], "the feed holding B changed");
  assert.is(inode(hiddenFeed), before[hiddenFeed], "a feed written in pieces whose text did not change is the old file, linked");
  assert.equal(JSON.parse(readFileSync(join(cfg.out_dir, hiddenFeed), "utf8")).catalogs, []);
  assert.ok(titles(readJson(cfg, "feeds/libraries.json")).includes("Reuse B2"));
  assert.is.not(readFileSync(join(cfg.out_dir, "root.json"), "utf8"), "{}", "an edited file is never reused");
});

test("a rebuild with nothing changed links the whole previous output, pages too; one edited file in dist/ makes it render again", async () => {
  const { statSync } = await import("node:fs");
  const a = `${srv.base}/same-a/auth`;
  const { cfg } = workspace({ "a.yaml": entryYaml(a, snapshotYaml(a, "Same A")) });
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  const all = listFiles(cfg.out_dir).map((p) => p.slice(cfg.out_dir.length + 1)).filter((p) => p !== "build-report.json").sort();
  const page = all.find((p) => p.startsWith("info/"))!;
  const inodes = new Map(all.map((p) => [p, statSync(join(cfg.out_dir, p)).ino]));
  const second = await buildDirectory({ config: cfg, offline: true });
  assert.ok(second.ok);
  const after = listFiles(cfg.out_dir).map((p) => p.slice(cfg.out_dir.length + 1)).filter((p) => p !== "build-report.json").sort();
  assert.equal(after, all, "the same files");
  for (const p of all) assert.is(statSync(join(cfg.out_dir, p)).ino, inodes.get(p), `${p} linked`);
  assert.ok(existsSync(join(cfg.out_dir, "build-report.json")), "the report is written anew");
  // someone edits a page of dist/ in place: the next build does not trust the old output
  const good = readFileSync(join(cfg.out_dir, page), "utf8");
  writeFileSync(join(cfg.out_dir, page), "<p>defaced</p>");
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  assert.is(readFileSync(join(cfg.out_dir, page), "utf8"), good);
});

test("a rebuild with nothing changed keeps dist/ itself and replaces only its report; a file added there makes it link a new folder without it", async () => {
  const a = `${srv.base}/inplace-a/auth`;
  const { cfg } = workspace({ "a.yaml": entryYaml(a, snapshotYaml(a, "In Place A")) });
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  const parent = dirname(cfg.out_dir);
  const distIno = statSync(cfg.out_dir).ino;
  const reportBefore = statSync(join(cfg.out_dir, "build-report.json")).ino;
  const second = await buildDirectory({ config: cfg, offline: true });
  assert.ok(second.ok);
  assert.is(statSync(cfg.out_dir).ino, distIno, "the same dist/ folder, not a new one swapped in");
  assert.is.not(statSync(join(cfg.out_dir, "build-report.json")).ino, reportBefore, "the report is written anew");
  assert.equal(JSON.parse(readFileSync(join(cfg.out_dir, "build-report.json"), "utf8")).counts.listed, 1);
  assert.equal(readdirSync(cfg.out_dir).filter((n) => n.includes(".tmp")), [], "no temporary file left in dist/");
  assert.equal(readdirSync(parent).filter((n) => /trash|\.old-|building/.test(n)), [], "nothing set aside or left beside it");
  // a file the build did not write: the next build's dist/ is a new folder of what it wrote
  writeFileSync(join(cfg.out_dir, "stray.html"), "<p>not ours</p>");
  const feedIno = statSync(join(cfg.out_dir, "feeds/libraries.json")).ino;
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  assert.not.ok(existsSync(join(cfg.out_dir, "stray.html")), "the stray file is not carried over");
  assert.is.not(statSync(cfg.out_dir).ino, distIno, "a new dist/ was swapped in");
  assert.is(statSync(join(cfg.out_dir, "feeds/libraries.json")).ino, feedIno, "its files linked from the old one");
});

test("a link someone put in dist/ is not kept by a rebuild with nothing changed", async () => {
  const { symlinkSync, lstatSync } = await import("node:fs");
  const a = `${srv.base}/inplace-link/auth`;
  const { cfg } = workspace({ "a.yaml": entryYaml(a, snapshotYaml(a, "In Place Link")) });
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  const distIno = statSync(cfg.out_dir).ino;
  symlinkSync("/etc/hostname", join(cfg.out_dir, "feeds", "host.json"));
  assert.ok((await buildDirectory({ config: cfg, offline: true })).ok);
  assert.is.not(statSync(cfg.out_dir).ino, distIno, "a new dist/ was swapped in");
  assert.throws(() => lstatSync(join(cfg.out_dir, "feeds", "host.json")), "the link is not carried over");
});

test("a rebuild within the cache window makes no request", async () => {
  const { cfg } = workspace({ "c.yaml": entryYaml(serveLibrary("cached")) });
  await buildDirectory({ config: cfg });
  const before = srv.hits.length;
  const again = await buildDirectory({ config: cfg });
  assert.ok(again.ok && again.report.counts.listed === 1);
  assert.is(srv.hits.length, before, "no request on a warm rebuild");
});

test("changed public data gets a new updated time; --update-snapshots writes it back", async () => {
  const url = serveLibrary("changing", "New Name");
  const { cfg } = workspace({ "ch.yaml": entryYaml(url, snapshotYaml(url, "Old Name")) });
  const fixed = new Date("2026-11-21T10:00:00Z");
  const r = await buildDirectory({ config: cfg, updateSnapshots: true, now: () => fixed });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.is(r.report.libraries[0].status, "changed");
  assert.is(readJson(cfg, "feeds/libraries.json").catalogs[0].metadata.updated, "2026-11-21T10:00:00Z");
  const { entries } = loadEntries(cfg.libraries_dir);
  assert.is(entries[0].entry.snapshot?.title, "New Name");
  assert.is(entries[0].entry.updated, "2026-11-21T10:00:00Z");
});

test("--update-snapshots keeps the parse cache right: each written entry is cached as the file now reads", async () => {
  const urls = ["wt1", "wt2"].map((n) => serveLibrary(n, `Written ${n}`));
  const { cfg } = workspace({ "wt1.yaml": entryYaml(urls[0], snapshotYaml(urls[0], "Old")), "wt2.yaml": "# kept comment\n" + entryYaml(urls[1]) });
  const r = await buildDirectory({ config: cfg, updateSnapshots: true });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const cache = JSON.parse(readFileSync(join(dirname(cfg.fetch.cache_dir), "entries.json"), "utf8")).files as Record<string, { stamp: string; result: any }>;
  for (const name of ["wt1.yaml", "wt2.yaml"]) {
    const path = join(cfg.libraries_dir, name);
    const item = cache[resolve(path)];
    assert.ok(item, `${name} is in the parse cache`);
    const st = statSync(path);
    assert.is(item.stamp, `${st.size}:${st.mtimeMs}:${st.ino}`, "cached under the file's stamp after the write");
    // what the cache says is what parsing the file says
    assert.equal(item.result.loaded.entry, parseYaml(readFileSync(path, "utf8")));
    assert.is(item.result.loaded.entry.snapshot.title, name === "wt1.yaml" ? "Written wt1" : "Written wt2");
  }
  assert.match(readFileSync(join(cfg.libraries_dir, "wt2.yaml"), "utf8"), /^# kept comment/);
});

test("--update-snapshots never overwrites an entry edited while the build ran, and says so", async () => {
  const url = serveLibrary("edited", "Fresh Title");
  const { cfg } = workspace({ "ed.yaml": entryYaml(url, snapshotYaml(url, "Old Title")) });
  const path = join(cfg.libraries_dir, "ed.yaml");
  const edited = readFileSync(path, "utf8").replace("library_stage: production", "library_stage: testing");
  // a maintainer's edit (or a registration) lands while the libraries are being fetched
  const r = await buildDirectory({ config: cfg, updateSnapshots: true, onProgress: () => writeFileSync(path, edited) });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.is(readFileSync(path, "utf8"), edited, "the edit is kept");
  assert.match(r.report.libraries[0].warnings?.join("\n") ?? "", /ed\.yaml changed during the build: its new snapshot was not written back/);
  assert.match(readFileSync(join(cfg.out_dir, "build-report.json"), "utf8"), /changed during the build/);
  assert.equal(readdirSync(cfg.libraries_dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left");
});

test("a build that fails after the refresh writes no snapshot and leaves no temporary file", async () => {
  const url = serveLibrary("leaktitle", `Library ${"ab".repeat(24)}`);
  const { cfg } = workspace({ "lt.yaml": entryYaml(url, snapshotYaml(url, "Old Title")) });
  const before = readFileSync(join(cfg.libraries_dir, "lt.yaml"), "utf8");
  const r = await buildDirectory({ config: cfg, updateSnapshots: true });
  assert.not.ok(r.ok, "the leak guard stops the render");
  assert.is(readFileSync(join(cfg.libraries_dir, "lt.yaml"), "utf8"), before);
  assert.equal(readdirSync(cfg.libraries_dir).filter((f) => f.endsWith(".tmp")), []);
  assert.not.ok(existsSync(cfg.out_dir));
});

test("a build that fails during the refresh, with snapshots already rendered, leaves no temporary file", async () => {
  const urls = ["r1", "r2", "r3"].map((n) => serveLibrary(`refreshfail-${n}`, `Fresh ${n}`));
  const { cfg } = workspace(Object.fromEntries(urls.map((url, i) => [`rf${i}.yaml`, entryYaml(url, snapshotYaml(url, "Old Title"))])));
  const before = readdirSync(cfg.libraries_dir).map((f) => [f, readFileSync(join(cfg.libraries_dir, f), "utf8")]);
  let seen = 0;
  let tempsOnDisk = 0;
  const temps = () => readdirSync(cfg.libraries_dir).filter((f) => f.endsWith(".tmp")).length;
  // the third library's refresh ends in an error once the first two snapshots are on disk as
  // temporary files (written by the build's writer thread, waited for here)
  const onProgress = () => {
    if (++seen < 3) return;
    const until = Date.now() + 5000;
    while ((tempsOnDisk = temps()) < 2 && Date.now() < until);
    throw new Error("refresh broke");
  };
  const failed = await buildDirectory({ config: cfg, updateSnapshots: true, concurrency: 1, onProgress }).then(
    () => undefined,
    (err: Error) => err,
  );
  assert.match(failed?.message ?? "", /refresh broke/);
  assert.is(tempsOnDisk, 2, "two snapshots were on disk when the refresh failed");
  assert.equal(readdirSync(cfg.libraries_dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left");
  assert.equal(readdirSync(cfg.libraries_dir).map((f) => [f, readFileSync(join(cfg.libraries_dir, f), "utf8")]), before, "no entry changed");
});

test("a build that fails leaves the previous dist/ intact and reports every broken file", async () => {
  const { cfg, dir } = workspace({ "ok.yaml": entryYaml(serveLibrary("keep")) });
  const first = await buildDirectory({ config: cfg });
  assert.ok(first.ok);
  const before = readFileSync(join(cfg.out_dir, "feeds/libraries.json"), "utf8");
  writeFileSync(join(dir, "libraries", "bad1.yaml"), "id: nope\n");
  writeFileSync(join(dir, "libraries", "bad2.yaml"), "url: [\n");
  const second = await buildDirectory({ config: cfg });
  assert.ok(!second.ok);
  if (!second.ok) {
    assert.ok(second.errors.some((e) => e.startsWith("libraries/bad1.yaml") || e.includes("bad1.yaml:")), second.errors.join("\n"));
    assert.ok(second.errors.some((e) => e.includes("bad2.yaml:")), second.errors.join("\n"));
  }
  assert.is(readFileSync(join(cfg.out_dir, "feeds/libraries.json"), "utf8"), before);
  assert.equal(readdirSync(dir).filter((f) => f.includes("building")), [], "no staging folder left");
});

test("dist/ is rebuilt from scratch: a file of an earlier build does not survive", async () => {
  const { cfg } = workspace({ "x.yaml": entryYaml(serveLibrary("scratch")) });
  await buildDirectory({ config: cfg });
  writeFileSync(join(cfg.out_dir, "leftover.json"), "{}");
  await buildDirectory({ config: cfg });
  assert.not.ok(existsSync(join(cfg.out_dir, "leftover.json")));
});

test("the leak guard stops a build when a private key sits in libraries/", async () => {
  const { cfg } = workspace({ "x.yaml": entryYaml(serveLibrary("leaky"), "note: |\n  -----BEGIN PRIVATE KEY-----\n  MIIE\n  -----END PRIVATE KEY-----\n") });
  const r = await buildDirectory({ config: cfg });
  assert.ok(!r.ok && r.errors.some((e) => /private key/i.test(e)), JSON.stringify(r));
  assert.not.ok(existsSync(cfg.out_dir));
});

test("a stray private key file beside the entries stops the build too", async () => {
  const { cfg, dir } = workspace({ "x.yaml": entryYaml(serveLibrary("stray")) });
  writeFileSync(join(dir, "libraries", "registry-private.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
  const r = await buildDirectory({ config: cfg });
  assert.ok(!r.ok && r.errors.some((e) => /registry-private\.pem:1 .*private key/i.test(e)), JSON.stringify(r));
});

test("nothing private reaches dist/: no contact, no secret, no key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "private-"));
  const keys = generateRegistryKeyPair(2048);
  writeFileSync(join(dir, "registry-public-key.pem"), keys.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  const libKey = generateRegistryKeyPair(2048);
  const auth = serveLibrary("private");
  const doc = JSON.parse(String((srv.routes.get("/private/auth") as any).body));
  doc.public_key = { type: "RSA", value: libKey.publicKeyPem };
  srv.set("/private/auth", json(doc));
  const reg = await registerLibrary({ url: auth, contact: "mailto:secret-contact@private.example" }, registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: keys.privateKeyPem } }));
  assert.ok(reg.ok);
  const r = await buildDirectory({ config: cfg });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const all = listFiles(cfg.out_dir).map((f) => readFileSync(f, "utf8")).join("\n");
  assert.not.ok(all.includes("secret-contact@private.example"));
  assert.not.ok(all.includes("sealed:v1:"));
  assert.not.ok(all.includes("shared_secret"));
  assert.not.ok(all.includes("integration-contact"));
  assert.not.ok(/PRIVATE KEY/.test(all));
  assert.ok(all.includes("Library private"), "the library itself is published");
});

test("build-report.json says what was listed, stale and excluded", async () => {
  const url = `${srv.base}/report-down/auth`;
  const { cfg } = workspace({ "a.yaml": entryYaml(serveLibrary("report")), "b.yaml": entryYaml(url, snapshotYaml(url, "Stale One")), "c.yaml": entryYaml(`${srv.base}/report-never/auth`) });
  const r = await buildDirectory({ config: cfg });
  assert.ok(r.ok);
  const report = readJson(cfg, "build-report.json");
  assert.equal({ listed: report.counts.listed, stale: report.counts.stale, excluded: report.counts.excluded }, { listed: 2, stale: 1, excluded: 1 });
  assert.ok(report.libraries.every((l: any) => typeof l.slug === "string" && typeof l.status === "string"));
});

withShared(test)("every feed the build writes validates against the catalogs-aware OPDS 2 schema and the app rules", async () => {
  const url = `${srv.base}/schema-down/auth`;
  const { cfg } = workspace({
    "a.yaml": entryYaml(serveLibrary("schema-a", "Schema A")),
    "b.yaml": entryYaml(url, snapshotYaml(url, "Schema B")),
    "c.yaml": entryYaml(serveLibrary("schema-c", "Schema C"), "", "library_stage: testing\nregistry_stage: testing\n"),
  });
  const r = await buildDirectory({ config: cfg });
  assert.ok(r.ok);
  const feeds = listFiles(join(cfg.out_dir, "feeds")).filter((f) => f.endsWith(".json"));
  assert.ok(feeds.length >= 6, `${feeds.length} feeds`);
  for (const f of feeds) {
    const doc = JSON.parse(readFileSync(f, "utf8"));
    assert.equal(catalogsFeedErrors(doc), [], f);
    assert.equal(feedProblems(doc), [], f);
  }
});

test.run();

// The registration handshake, driven end to end against loopback servers: one test per rule and
// per problem type (protocol.md §4–§11), the shared fixtures where they apply.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registerLibrary, type RegistrationContext, type RegistrationRequest } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { writeEntry } from "../../src/registry/entry-store.ts";
import { LS, OURS } from "../../src/opds/problem.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";
import { withShared, sharedJson, sharedText } from "../support/shared.ts";

const AUTH = "application/vnd.opds.authentication.v1.0+json";
const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";

let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function workspace(overrides: Partial<Parameters<typeof withDefaults>[0]> = {}): { cfg: RegistryConfig; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "register-"));
  const cfg = withDefaults({ title: "Test", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 2 }, ...overrides }, dir, null);
  return { cfg, dir };
}

function ctxFor(cfg: RegistryConfig): RegistrationContext {
  return registrationContext(cfg, { env: {} });
}

/** A library at /<name>/auth whose start feed at /<name>/ links back. */
function library(name: string, doc: Record<string, unknown> = {}, feed: "opds1" | "opds2" | "header" | "none" = "opds1") {
  const auth = `${srv.base}/${name}/auth`;
  const start = `${srv.base}/${name}/`;
  const document = {
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [
      { rel: "start", href: start, type: ATOM },
      { rel: "help", href: `mailto:help@${name}.example` },
    ],
    ...doc,
  };
  srv.set(`/${name}/auth`, json(document));
  if (feed === "opds1") srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  if (feed === "opds2") srv.set(`/${name}/`, json({ metadata: { title: "x" }, links: [{ rel: "http://opds-spec.org/auth/document", href: auth }] }, "application/opds+json"));
  if (feed === "header") srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"/>`, headers: { Link: `<${auth}>; rel="http://opds-spec.org/auth/document"` } });
  if (feed === "none") srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"/>` });
  return { auth, start, document };
}

async function reg(cfg: RegistryConfig, req: RegistrationRequest, ctx = ctxFor(cfg)) {
  return registerLibrary(req, ctx);
}

const types = (p: any): string[] => (p.errors ?? [p]).map((e: any) => e.subtype ?? e.type);
const files = (cfg: RegistryConfig) => {
  try {
    return readdirSync(cfg.libraries_dir);
  } catch {
    return [];
  }
};

test("a new library is written awaiting approval and answered 201 with its directory entry", async () => {
  const { cfg } = workspace();
  const lib = library("new");
  const r = await reg(cfg, { url: lib.auth, stage: "testing" });
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.is(r.status, 201);
  assert.is(r.entry.registry_stage, "testing");
  assert.is(r.entry.library_stage, "testing");
  assert.match(r.entry.id, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.is(r.document.metadata.id, r.entry.id);
  assert.is(r.document.metadata.title, "Library new");
  assert.ok(r.document.links.some((l: any) => l.rel === "http://opds-spec.org/catalog" && l.href === lib.start));
  assert.ok(r.document.links.some((l: any) => l.rel === "http://opds-spec.org/auth/document" && l.href === lib.auth && l.type === AUTH));
  const { entries, errors } = loadEntries(cfg.libraries_dir);
  assert.equal(errors, []);
  assert.is(entries.length, 1);
  assert.is(entries[0].entry.url, lib.auth);
  assert.is(entries[0].entry.snapshot?.title, "Library new");
});

test("a refused registration leaves nothing of a stranger's service area in the process-wide places memo", async () => {
  const { areaMemoSize } = await import("../../src/geo/library-areas.ts");
  const { cfg } = workspace();
  const before = areaMemoSize();
  for (let i = 0; i < 5; i++) {
    // a public key that is not one: refused after the areas were checked
    const lib = library(`stranger-${i}`, { service_area: { US: [`${10000 + i}`, `Nowhere ${i}, KS`] }, public_key: { type: "RSA", value: "not a key" } });
    const r = await reg(cfg, { url: lib.auth });
    assert.not.ok(r.ok);
  }
  assert.is(areaMemoSize(), before);
});

test("stage defaults to production (the library's wish); the registry's own stage stays testing", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("dflt").auth });
  assert.ok(r.ok && r.entry.library_stage === "production" && r.entry.registry_stage === "testing");
});

test("re-registering updates from the current document and keeps id (200)", async () => {
  const { cfg } = workspace();
  const lib = library("again");
  const first = await reg(cfg, { url: lib.auth });
  library("again", { title: "Renamed Library" });
  const second = await reg(cfg, { url: lib.auth });
  assert.ok(first.ok && second.ok);
  if (!first.ok || !second.ok) return;
  assert.is(second.status, 200);
  assert.is(second.entry.id, first.entry.id);
  assert.is(second.entry.snapshot?.title, "Renamed Library");
  assert.is(files(cfg).length, 1);
});

test("a maintainer's approval survives re-registration", async () => {
  const { cfg } = workspace();
  const lib = library("approved");
  const first = await reg(cfg, { url: lib.auth });
  if (!first.ok) throw new Error("setup");
  writeEntry(first.path, { ...first.entry, registry_stage: "production" });
  const second = await reg(cfg, { url: lib.auth });
  assert.ok(second.ok && second.entry.registry_stage === "production");
});

test("invalid-stage: a library live in production cannot take itself out", async () => {
  const { cfg } = workspace();
  const lib = library("live");
  const first = await reg(cfg, { url: lib.auth, stage: "production" });
  if (!first.ok) throw new Error("setup");
  writeEntry(first.path, { ...first.entry, registry_stage: "production" });
  const before = readFileSync(first.path, "utf8");
  const r = await reg(cfg, { url: lib.auth, stage: "testing" });
  assert.ok(!r.ok && r.problem.type === `${LS}invalid-stage` && r.problem.status === 400);
  assert.is(readFileSync(first.path, "utf8"), before);
});

test("no-opds-auth-url: the url field is required", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, {});
  assert.ok(!r.ok && r.problem.type === `${LS}no-opds-auth-url` && r.problem.status === 400);
});

test("only http and https URLs are fetched", async () => {
  const { cfg } = workspace();
  for (const url of ["ftp://lib.example/auth", "file:///etc/passwd", "data:application/json,{}"]) {
    const r = await reg(cfg, { url });
    assert.ok(!r.ok && types(r.problem).includes(`${OURS}unsupported-url-scheme`), url);
  }
  assert.equal(files(cfg), []);
});

test("B11: a library cannot ask for stage cancelled or anything else", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("stage").auth, stage: "cancelled" });
  assert.ok(!r.ok && r.problem.type === `${LS}invalid-input` && r.problem.subtype === `${OURS}invalid-form` && /testing or production/.test(r.problem.detail!));
});

test("contact must be a mailto: URI", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("contact").auth, contact: "http://example.com" });
  assert.ok(!r.ok && /mailto/.test(r.problem.detail!));
});

test("B12: loopback and private addresses are refused unless fetch.allow_hosts admits them", async () => {
  const { cfg } = workspace({ fetch: { allow_hosts: [] } });
  const r = await reg(cfg, { url: library("private").auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}forbidden-address`), JSON.stringify(!r.ok && r.problem));
  assert.equal(files(cfg), []);
});

test("B1: a 404 is integration-document-not-found, not a 502", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: `${srv.base}/nothing-here` });
  assert.ok(!r.ok && r.problem.type === `${LS}integration-document-not-found` && r.problem.status === 400);
});

test("a 5xx from the library is remote-integration-failed (502)", async () => {
  const { cfg } = workspace();
  srv.set("/broken/auth", { status: 503, type: "text/plain", body: "down for maintenance" });
  const r = await reg(cfg, { url: `${srv.base}/broken/auth` });
  assert.ok(!r.ok && r.problem.type === `${LS}remote-integration-failed` && r.problem.status === 502);
  assert.match(r.ok ? "" : r.problem.detail!, /503/);
});

test("B4: every failure of the document is reported at once, each with its own type", async () => {
  const { cfg } = workspace();
  srv.set("/many/auth", json({ id: "https://elsewhere.example/auth", authentication: [], links: [] }));
  const r = await reg(cfg, { url: `${srv.base}/many/auth` });
  if (r.ok) throw new Error("should fail");
  const t = types(r.problem);
  assert.ok(t.includes(`${OURS}id-mismatch`), t.join());
  assert.ok(t.includes(`${OURS}missing-title`), t.join());
  assert.ok(t.includes(`${OURS}missing-start-link`), t.join());
  assert.ok((r.problem.errors as unknown[]).length >= 3);
  assert.match(r.problem.detail!, /elsewhere\.example/);
  assert.equal(files(cfg), []);
});

test("the start feed must link back to the registered URL", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("nolink", {}, "none").auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}no-link-back`));
  assert.equal(files(cfg), []);
});

test("B2: an OPDS 2 start feed with a standard links array links back", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("opds2", {}, "opds2").auth });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
});

test("the link back may be an HTTP Link header", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("header", {}, "header").auth });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
});

test("B6: a relative start link resolves against the document's URL", async () => {
  const { cfg } = workspace();
  const lib = library("relative");
  library("relative", { links: [{ rel: "start", href: "./", type: ATOM }, { rel: "help", href: "mailto:h@x.example" }] });
  const r = await reg(cfg, { url: lib.auth });
  assert.ok(r.ok && r.entry.snapshot?.start.href === lib.start, JSON.stringify(!r.ok && r.problem));
});

test("a start feed that is not OPDS is refused", async () => {
  const { cfg } = workspace();
  const lib = library("html-start");
  srv.set("/html-start/", { type: "text/html", body: "<html></html>" });
  const r = await reg(cfg, { url: lib.auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}not-an-opds-feed`), JSON.stringify(!r.ok && r.problem));
});

test("a start feed guarded by a 401 carrying the same document links back", async () => {
  const { cfg } = workspace();
  const lib = library("guarded");
  srv.set("/guarded/", json(lib.document, AUTH, 401));
  const r = await reg(cfg, { url: lib.auth });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
});

test("malformed JSON, a byte-order mark and an HTML page each get their own problem", async () => {
  const { cfg } = workspace();
  srv.set("/bad-json/auth", { type: AUTH, body: '{"id": "x",' });
  srv.set("/bom/auth", { type: AUTH, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("{}")]) });
  srv.set("/html/auth", { type: "text/html", body: "<!doctype html><title>Library</title>" });
  srv.set("/latin1/auth", { type: AUTH, body: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]) });
  const expect: Record<string, string> = { "bad-json": "malformed-json", bom: "byte-order-mark", html: "html-instead-of-json", latin1: "invalid-encoding" };
  for (const [name, kind] of Object.entries(expect)) {
    const r = await reg(cfg, { url: `${srv.base}/${name}/auth` });
    assert.ok(!r.ok && types(r.problem).includes(`${OURS}${kind}`), `${name}: ${JSON.stringify(!r.ok && r.problem)}`);
  }
});

test("a deeply nested document is refused without a crash", async () => {
  const { cfg } = workspace();
  srv.set("/deep/auth", { type: AUTH, body: "[".repeat(100000) + "]".repeat(100000) });
  const r = await reg(cfg, { url: `${srv.base}/deep/auth` });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}document-too-deep`));
});

test("a body larger than fetch.max_bytes is refused", async () => {
  const { cfg } = workspace({ fetch: { allow_hosts: ["127.0.0.1"], max_bytes: 2048 } });
  srv.set("/huge/auth", { type: AUTH, body: JSON.stringify({ id: "x", pad: "a".repeat(10000) }) });
  const r = await reg(cfg, { url: `${srv.base}/huge/auth` });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}document-too-large`));
});

test("a start feed declaring XML entities is refused without expanding them", async () => {
  const { cfg } = workspace();
  const lib = library("laughs");
  const lol = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><feed><title>&c;</title><link rel="http://opds-spec.org/auth/document" href="${lib.auth}"/></feed>`;
  srv.set("/laughs/", { type: ATOM, body: lol });
  const r = await reg(cfg, { url: lib.auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}xml-entity-declaration`), JSON.stringify(!r.ok && r.problem));
  assert.equal(files(cfg), []);
});

test("legacy flow: registering the OPDS feed finds its document; the document's URL is recorded", async () => {
  const { cfg } = workspace();
  const lib = library("legacy");
  const r = await reg(cfg, { url: lib.start });
  assert.ok(r.ok && r.entry.url === lib.auth, JSON.stringify(!r.ok && r.problem));
});

test("legacy flow: a feed answering 401 with its document registers", async () => {
  const { cfg } = workspace();
  const lib = library("legacy401");
  srv.set("/legacy401/", json(lib.document, AUTH, 401));
  const r = await reg(cfg, { url: lib.start });
  assert.ok(r.ok && r.entry.url === lib.auth, JSON.stringify(!r.ok && r.problem));
});

test("legacy flow: a feed without a link to a document is refused", async () => {
  const { cfg } = workspace();
  const lib = library("legacy-nolink", {}, "none");
  const r = await reg(cfg, { url: lib.start });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}not-an-auth-document`));
});

test("B5: a redirect is followed, and the id must equal the URL as registered", async () => {
  const { cfg } = workspace();
  const lib = library("moved");
  srv.set("/old/auth", { status: 301, headers: { Location: "/moved/auth" } });
  const r = await reg(cfg, { url: `${srv.base}/old/auth` });
  // The document says its id is /moved/auth: the registered /old/auth is not it.
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}id-mismatch`));
  const ok = await reg(cfg, { url: lib.auth });
  assert.ok(ok.ok);
});

test("one deadline covers the whole handshake: slow documents add up", async () => {
  const { cfg } = workspace({ fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 5, deadline_seconds: 1 } });
  const lib = library("slow");
  const slow = (route: { type?: string; body?: string | Buffer }) => (_req: unknown, res: import("node:http").ServerResponse) =>
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": route.type ?? "" });
      res.end(route.body);
    }, 600);
  srv.set("/slow/auth", slow(srv.routes.get("/slow/auth") as { type?: string; body?: string }));
  srv.set("/slow/", slow(srv.routes.get("/slow/") as { type?: string; body?: string }));
  const r = await reg(cfg, { url: lib.auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}deadline-exceeded`), JSON.stringify(!r.ok && r.problem));
  assert.equal(files(cfg), []);
});

test("a library that never answers is a timeout problem (408)", async () => {
  const { cfg } = workspace({ fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 0.3 } });
  srv.set("/silent/auth", () => {
    /* never answers */
  });
  const r = await reg(cfg, { url: `${srv.base}/silent/auth` });
  assert.ok(!r.ok && r.problem.type === `${LS}timeout` && r.problem.status === 408, JSON.stringify(!r.ok && r.problem));
  assert.match(!r.ok ? r.problem.detail! : "", /silent\/auth/);
});

test("redirect loops and too many redirects are their own problems", async () => {
  const { cfg } = workspace();
  srv.set("/loop-a", { status: 302, headers: { Location: "/loop-b" } });
  srv.set("/loop-b", { status: 302, headers: { Location: "/loop-a" } });
  for (let i = 0; i < 7; i++) srv.set(`/hop${i}`, { status: 302, headers: { Location: `/hop${i + 1}` } });
  const loop = await reg(cfg, { url: `${srv.base}/loop-a` });
  const far = await reg(cfg, { url: `${srv.base}/hop0` });
  assert.ok(!loop.ok && types(loop.problem).includes(`${OURS}redirect-loop`), JSON.stringify(loop));
  assert.ok(!far.ok && types(far.problem).includes(`${OURS}too-many-redirects`), JSON.stringify(far));
});

test("concurrent registrations of one library write one valid file", async () => {
  const { cfg } = workspace();
  const lib = library("race");
  const results = await Promise.all(Array.from({ length: 8 }, () => reg(cfg, { url: lib.auth })));
  assert.ok(results.every((r) => r.ok));
  assert.is(results.filter((r) => r.ok && r.status === 201).length, 1);
  const { entries, errors } = loadEntries(cfg.libraries_dir);
  assert.equal(errors, []);
  assert.is(entries.length, 1);
});

test("concurrent registrations of different libraries lose nothing", async () => {
  const { cfg } = workspace();
  const libs = Array.from({ length: 8 }, (_, i) => library(`many${i}`, { title: "Same Title" }));
  const results = await Promise.all(libs.map((l) => reg(cfg, { url: l.auth })));
  assert.ok(results.every((r) => r.ok));
  const { entries, errors } = loadEntries(cfg.libraries_dir);
  assert.equal(errors, []);
  assert.is(new Set(entries.map((e) => e.entry.url)).size, 8);
  assert.is(new Set(entries.map((e) => e.slug)).size, 8);
});

test("optional-but-malformed extensions come back as warnings, not silence", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("warn", { color_scheme: 7, service_description: ["x"] }).auth });
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.ok(r.warnings.length >= 2, JSON.stringify(r.warnings));
  assert.ok(Array.isArray(r.document.warnings));
});

test("a document whose kept strings exceed their caps is refused, naming each; nothing is written", async () => {
  const { cfg } = workspace();
  const r = await reg(cfg, { url: library("huge-title", { title: "T".repeat(9_000), service_description: " ".repeat(40_000) + "x" }).auth });
  assert.ok(!r.ok, "accepted a 9,000-character title");
  if (r.ok) return;
  assert.match(r.problem.detail!, /'title' is 9000 characters long/);
  assert.match(r.problem.detail!, /'description' is 40001 characters long/);
  assert.equal(files(cfg), []);
});

withShared(test)("fixture: Palace's registration document registers (with its start feed linking back)", async () => {
  const { cfg } = workspace();
  const doc = sharedJson("auth-documents/palace-test-registration-auth-doc.json");
  const auth = `${srv.base}/palace/authentication.opds`;
  const text = JSON.stringify(doc).replaceAll("http://circmanager.org/authentication.opds", auth).replaceAll("http://circmanager.org/feed/", `${srv.base}/palace/feed/`);
  srv.set("/palace/authentication.opds", { type: AUTH, body: text });
  const feed = sharedText("opds-root/opds1-root-links-to-auth-doc.xml").replaceAll("http://circmanager.org/auth", auth);
  srv.set("/palace/feed/", { type: ATOM, body: feed });
  const r = await reg(cfg, { url: auth });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  if (r.ok) assert.is(r.entry.snapshot?.title, "A Library");
});

withShared(test)("fixture: the Ansonia document's string public_key is a problem, and nothing is written", async () => {
  const { cfg } = workspace();
  const doc = sharedJson("auth-documents/palace-test-ansonia-real-document.json");
  const auth = `${srv.base}/ansonia/auth`;
  doc.id = auth;
  doc.links = doc.links.map((l: any) => (l.rel === "start" ? { ...l, href: `${srv.base}/ansonia/` } : l));
  srv.set("/ansonia/auth", json(doc));
  srv.set("/ansonia/", { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  const r = await reg(cfg, { url: auth });
  assert.ok(!r.ok && types(r.problem).includes(`${OURS}invalid-public-key`), JSON.stringify(!r.ok && r.problem));
  assert.equal(files(cfg), []);
});

withShared(test)("fixture: empty-document.json reports every missing field at once", async () => {
  const { cfg } = workspace();
  srv.set("/empty/auth", json(sharedJson("auth-documents/empty-document.json")));
  const r = await reg(cfg, { url: `${srv.base}/empty/auth` });
  assert.ok(!r.ok && (r.problem.errors as unknown[]).length >= 3, JSON.stringify(!r.ok && r.problem));
});

test.run();

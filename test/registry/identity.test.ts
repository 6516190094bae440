// A document's claim about itself is never trusted: a document is recorded as the library at URL U
// only when it was fetched from U. Each takeover attempt below gets a problem detail and leaves
// every file of the registry untouched (the victim keeps its title, start link, stage and secret).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registerLibrary, type RegistrationContext } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { writeEntry } from "../../src/registry/entry-store.ts";
import { OURS } from "../../src/opds/problem.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const AUTH = "application/vnd.opds.authentication.v1.0+json";
const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const registryKeys = generateRegistryKeyPair(2048);
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const victimKey = rsa();
const attackerKey = rsa();

let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function setup(): { cfg: RegistryConfig; ctx: RegistrationContext } {
  const dir = mkdtempSync(join(tmpdir(), "identity-"));
  writeFileSync(join(dir, "registry-public-key.pem"), registryKeys.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  return { cfg, ctx: registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem } }) };
}

function authDoc(id: string, start: string, title: string, key: string) {
  return {
    id,
    title,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: start, type: ATOM }, { rel: "help", href: "mailto:help@lib.example" }],
    public_key: { type: "RSA", value: key },
  };
}

const feedLinkingTo = (href: string) => ({ type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="http://opds-spec.org/auth/document" href="${href}"/></feed>` });

/** The victim: registered, approved for production, holding a secret. */
async function victim(name: string, ctx: RegistrationContext) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json(authDoc(auth, `${srv.base}/${name}/`, `Victim ${name}`, victimKey.publicKey)));
  srv.set(`/${name}/`, feedLinkingTo(auth));
  const r = await registerLibrary({ url: auth, contact: `mailto:it@${name}.example` }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  writeEntry(r.path, { ...r.entry, registry_stage: "production" });
  return auth;
}

/** Every file of the libraries folder, with its content. */
function snapshotFiles(cfg: RegistryConfig): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(cfg.libraries_dir)) return out;
  for (const name of readdirSync(cfg.libraries_dir)) out[name] = readFileSync(join(cfg.libraries_dir, name), "utf8");
  return out;
}

const types = (p: any): string[] => (p.errors ?? [p]).map((e: any) => e.subtype ?? e.type);

async function refused(url: string, ctx: RegistrationContext, cfg: RegistryConfig, expected: string, extra: Record<string, string> = {}) {
  const before = snapshotFiles(cfg);
  const r = await registerLibrary({ url, stage: "testing", ...extra }, ctx);
  assert.ok(!r.ok, `the takeover was accepted: ${JSON.stringify(r.ok && r.document)}`);
  if (r.ok) return;
  assert.ok(types(r.problem).includes(`${OURS}${expected}`), JSON.stringify(r.problem));
  assert.equal(snapshotFiles(cfg), before, "no file changed");
}

test("a 401 body claiming another library's id, with start at the registered URL, takes nothing", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v1", ctx);
  const a = `${srv.base}/evil1/`;
  srv.set("/evil1/", json(authDoc(v, a, "Evil", attackerKey.publicKey), AUTH, 401));
  await refused(a, ctx, cfg, "document-mismatch");
});

test("the problem names both URLs the way the reference registries do", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v2", ctx);
  const a = `${srv.base}/evil2/`;
  srv.set("/evil2/", json(authDoc(v, a, "Evil", attackerKey.publicKey), AUTH, 401));
  const r = await registerLibrary({ url: a }, ctx);
  assert.ok(!r.ok && r.problem.detail!.includes(`Authentication For OPDS document guarding ${a} does not match the one at ${v}`), JSON.stringify(r));
  void cfg;
});

test("an OPDS feed linking to a document that claims another library's id takes nothing", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v3", ctx);
  const feed = `${srv.base}/evil3/`;
  srv.set("/evil3/", feedLinkingTo(`${srv.base}/evil3/auth`));
  srv.set("/evil3/auth", json(authDoc(v, feed, "Evil", attackerKey.publicKey)));
  await refused(feed, ctx, cfg, "document-mismatch");
});

test("an OPDS feed linking to a 401 whose body claims another library's id takes nothing", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v4", ctx);
  const feed = `${srv.base}/evil4/`;
  srv.set("/evil4/", feedLinkingTo(`${srv.base}/evil4/shelf`));
  srv.set("/evil4/shelf", json(authDoc(v, feed, "Evil", attackerKey.publicKey), AUTH, 401));
  await refused(feed, ctx, cfg, "document-mismatch");
});

test("a redirect chain ending on a 401 that claims another library's id takes nothing", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v5", ctx);
  srv.set("/hop-a", { status: 302, headers: { Location: "/hop-b" } });
  srv.set("/hop-b", { status: 301, headers: { Location: "/evil5/" } });
  srv.set("/evil5/", json(authDoc(v, `${srv.base}/hop-a`, "Evil", attackerKey.publicKey), AUTH, 401));
  await refused(`${srv.base}/hop-a`, ctx, cfg, "document-mismatch");
});

test("a redirect chain ending on another library's own document is not that library's registration", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v6", ctx);
  srv.set("/hop-c", { status: 302, headers: { Location: "/hop-d" } });
  srv.set("/hop-d", { status: 302, headers: { Location: new URL(v).pathname } });
  await refused(`${srv.base}/hop-c`, ctx, cfg, "id-mismatch");
});

test("the same document served at the claimed id is still refused when the copy differs by one member", async () => {
  const { cfg, ctx } = setup();
  const v = await victim("v7", ctx);
  const a = `${srv.base}/evil7/`;
  const real = authDoc(v, `${srv.base}/v7/`, "Victim v7", victimKey.publicKey);
  // The real document but the attacker's key: the one member that would leak the secret.
  srv.set("/evil7/", json({ ...real, public_key: { type: "RSA", value: attackerKey.publicKey } }, AUTH, 401));
  await refused(a, ctx, cfg, "document-mismatch");
});

test("a start feed guarded by a 401 with a different document does not link back", async () => {
  const { cfg, ctx } = setup();
  const auth = `${srv.base}/guard/auth`;
  srv.set("/guard/auth", json(authDoc(auth, `${srv.base}/guard/`, "Guarded", victimKey.publicKey)));
  srv.set("/guard/", json(authDoc(auth, `${srv.base}/guard/`, "Someone else", attackerKey.publicKey), AUTH, 401));
  await refused(auth, ctx, cfg, "document-mismatch");
});

test("a document whose start is its own URL does not link back to itself", async () => {
  const { cfg, ctx } = setup();
  const auth = `${srv.base}/selfstart/auth`;
  srv.set("/selfstart/auth", json(authDoc(auth, auth, "Self", victimKey.publicKey)));
  await refused(auth, ctx, cfg, "not-an-opds-feed");
});

test("a genuine legacy library whose feed answers 401 with its document (id = its document URL) still registers", async () => {
  const { ctx } = setup();
  const auth = `${srv.base}/genuine/auth`;
  const feed = `${srv.base}/genuine/`;
  const doc = authDoc(auth, feed, "Genuine", victimKey.publicKey);
  srv.set("/genuine/auth", json(doc));
  srv.set("/genuine/", json(doc, AUTH, 401));
  const r = await registerLibrary({ url: feed }, ctx);
  assert.ok(r.ok && r.entry.url === auth, JSON.stringify(!r.ok && r.problem));
});

test.run();

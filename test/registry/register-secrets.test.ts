// Shared secrets through the handshake: issued encrypted to the library, stored only sealed,
// re-sent on re-registration, rotated with Bearer + reset_shared_secret, refused on a wrong Bearer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registerLibrary, type RegistrationContext } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { unseal } from "../../src/registry/sealed.ts";
import { findLeaks } from "../../src/registry/leak-guard.ts";
import { secretDigest } from "../../src/registry/bearer.ts";
import { writeEntry } from "../../src/registry/entry-store.ts";
import { LS, OURS } from "../../src/opds/problem.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const registryKeys = generateRegistryKeyPair(2048);
const libraryKeys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function setup(opts: { registryKey?: boolean; privateKey?: boolean } = {}): { cfg: RegistryConfig; ctx: RegistrationContext } {
  const dir = mkdtempSync(join(tmpdir(), "secrets-"));
  if (opts.registryKey !== false) writeFileSync(join(dir, "registry-public-key.pem"), registryKeys.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  const env = opts.privateKey === false || opts.registryKey === false ? {} : { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem };
  return { cfg, ctx: registrationContext(cfg, { env }) };
}

function library(name: string, publicKey: unknown = { type: "RSA", value: libraryKeys.publicKey }) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: "mailto:help@lib.example" }],
    ...(publicKey === null ? {} : { public_key: publicKey }),
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

/** What the circulation manager does with the registration document. */
const decrypt = (b64: string) => privateDecrypt({ key: libraryKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(b64, "base64")).toString("utf8");

test("a library with a public key gets a short name and a secret only it can decrypt; git holds it sealed", async () => {
  const { ctx } = setup();
  const r = await registerLibrary({ url: library("a"), contact: "mailto:it@a.example" }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.match(r.document.metadata.short_name, /^[A-Z]{6}$/);
  const secret = decrypt(r.document.metadata.shared_secret);
  assert.match(secret, /^[0-9a-f]{48}$/);
  assert.match(r.document.metadata.shared_secret, /^[A-Za-z0-9+/]+=*$/, "standard base64, no line breaks");
  const text = readFileSync(r.path, "utf8");
  assert.not.ok(text.includes(secret), "no plaintext secret in the YAML");
  assert.not.ok(text.includes("it@a.example"), "no plaintext contact in the YAML");
  assert.is(unseal(r.entry.shared_secret!, registryKeys.privateKeyPem), secret);
  assert.is(unseal(r.entry.contact!, registryKeys.privateKeyPem), "mailto:it@a.example");
  assert.equal(findLeaks(text, r.path), []);
  assert.ok(r.document.links.some((l: any) => l.rel === "http://librarysimplified.org/rel/integration-contact" && l.href === "mailto:it@a.example"));
});

test("re-registering without a Bearer re-sends the same secret, freshly encrypted, and keeps the short name", async () => {
  const { ctx } = setup();
  const url = library("b");
  const first = await registerLibrary({ url }, ctx);
  const second = await registerLibrary({ url }, ctx);
  if (!first.ok || !second.ok) throw new Error("registration failed");
  assert.is(second.status, 200);
  assert.is(second.document.metadata.short_name, first.document.metadata.short_name);
  assert.is(decrypt(second.document.metadata.shared_secret), decrypt(first.document.metadata.shared_secret));
  assert.is.not(second.document.metadata.shared_secret, first.document.metadata.shared_secret, "OAEP is randomised");
});

test("Bearer + reset_shared_secret issues a new secret and the old one stops working", async () => {
  const { ctx } = setup();
  const url = library("c");
  const first = await registerLibrary({ url }, ctx);
  if (!first.ok) throw new Error("setup");
  const old = decrypt(first.document.metadata.shared_secret);
  const rotated = await registerLibrary({ url, authorization: `Bearer ${old}`, reset_shared_secret: "true" }, ctx);
  if (!rotated.ok) throw new Error(JSON.stringify(rotated.problem));
  const fresh = decrypt(rotated.document.metadata.shared_secret);
  assert.is.not(fresh, old);
  assert.is(rotated.document.metadata.short_name, first.document.metadata.short_name);
  const again = await registerLibrary({ url, authorization: `Bearer ${old}` }, ctx);
  assert.ok(!again.ok && again.problem.type === `${LS}credentials-invalid` && again.problem.status === 401);
  const withNew = await registerLibrary({ url, authorization: `Bearer ${fresh}` }, ctx);
  assert.ok(withNew.ok && decrypt(withNew.document.metadata.shared_secret) === fresh);
});

test("B10: reset_shared_secret=false does not rotate; without a Bearer reset is ignored", async () => {
  const { ctx } = setup();
  const url = library("d");
  const first = await registerLibrary({ url }, ctx);
  if (!first.ok) throw new Error("setup");
  const secret = decrypt(first.document.metadata.shared_secret);
  const noReset = await registerLibrary({ url, authorization: `Bearer ${secret}`, reset_shared_secret: "false" }, ctx);
  const anonymous = await registerLibrary({ url, reset_shared_secret: "true" }, ctx);
  assert.ok(noReset.ok && decrypt(noReset.document.metadata.shared_secret) === secret);
  assert.ok(anonymous.ok && decrypt(anonymous.document.metadata.shared_secret) === secret);
});

test("a wrong Bearer gets 401 credentials-invalid and changes nothing", async () => {
  const { ctx } = setup();
  const url = library("e");
  const first = await registerLibrary({ url }, ctx);
  if (!first.ok) throw new Error("setup");
  const before = readFileSync(first.path, "utf8");
  const r = await registerLibrary({ url, authorization: `Bearer ${"0".repeat(48)}`, reset_shared_secret: "true" }, ctx);
  assert.ok(!r.ok && r.problem.type === `${LS}credentials-invalid` && r.problem.detail === "Provided shared secret is invalid");
  assert.is(readFileSync(first.path, "utf8"), before);
});

test("B9: a malformed Authorization header is a 401, not a crash", async () => {
  const { ctx } = setup();
  const url = library("f");
  for (const authorization of ["Bearer", "Bearer ", "Bearer a b", "Basic dXNlcjpwYXNz"]) {
    const r = await registerLibrary({ url, authorization }, ctx);
    assert.ok(!r.ok && r.problem.status === 401, authorization);
  }
});

test("with a valid Bearer the library can move to a new URL and keeps its id", async () => {
  const { ctx } = setup();
  const oldUrl = library("old-home");
  const first = await registerLibrary({ url: oldUrl }, ctx);
  if (!first.ok) throw new Error("setup");
  const secret = decrypt(first.document.metadata.shared_secret);
  const newUrl = library("new-home");
  const moved = await registerLibrary({ url: newUrl, authorization: `Bearer ${secret}` }, ctx);
  if (!moved.ok) throw new Error(JSON.stringify(moved.problem));
  assert.is(moved.status, 200);
  assert.is(moved.entry.id, first.entry.id);
  assert.is(moved.entry.url, newUrl);
  assert.is(moved.path, first.path);
});

test("a Bearer cannot move a library onto a URL another record holds", async () => {
  const { ctx } = setup();
  const mine = library("mine");
  const theirs = library("theirs");
  const first = await registerLibrary({ url: mine }, ctx);
  const other = await registerLibrary({ url: theirs }, ctx);
  if (!first.ok || !other.ok) throw new Error("setup");
  const secret = decrypt(first.document.metadata.shared_secret);
  const before = readFileSync(first.path, "utf8");
  const r = await registerLibrary({ url: theirs, authorization: `Bearer ${secret}` }, ctx);
  assert.ok(!r.ok && /already registered as another library/.test(r.problem.detail!), JSON.stringify(r));
  assert.is(readFileSync(first.path, "utf8"), before);
});

test("a library without public_key registers fine and gets neither field", async () => {
  const { ctx } = setup();
  const r = await registerLibrary({ url: library("g", null) }, ctx);
  assert.ok(r.ok && r.document.metadata.short_name === undefined && r.document.metadata.shared_secret === undefined);
  assert.ok(r.ok && r.entry.shared_secret === undefined);
});

test("a registry without its own key issues no secrets and stores no contact, and says so", async () => {
  const { ctx } = setup({ registryKey: false });
  const r = await registerLibrary({ url: library("h"), contact: "mailto:it@h.example" }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.is(r.document.metadata.shared_secret, undefined);
  assert.is(r.entry.contact, undefined);
  assert.ok(r.warnings.some((w) => w.type === `${OURS}registry-key-missing`));
});

test("a Bearer cannot be checked without the registry's private key: a clear 500, nothing written", async () => {
  const { ctx } = setup({ privateKey: false });
  const r = await registerLibrary({ url: library("i"), authorization: `Bearer ${"a".repeat(48)}` }, ctx);
  assert.ok(!r.ok && r.problem.type === `${OURS}registry-key-missing` && /REGISTRY_PRIVATE_KEY/.test(r.problem.detail!));
});

test("every malformed public_key is a problem detail and nothing is written (B7)", async () => {
  const { ctx, cfg } = setup();
  const weak = generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const cases: Record<string, unknown> = {
    string: "a public key",
    "non-RSA type": { type: "DSA", value: libraryKeys.publicKey },
    garbage: { type: "RSA", value: "-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----" },
    "a private key": { type: "RSA", value: libraryKeys.privateKey },
    "an EC key": { type: "RSA", value: ec.publicKey },
    "1024 bits": { type: "RSA", value: weak.publicKey },
  };
  for (const [name, key] of Object.entries(cases)) {
    const r = await registerLibrary({ url: library(`bad-${name.replace(/\W/g, "")}`, key) }, ctx);
    assert.ok(!r.ok && r.problem.status === 400 && JSON.stringify(r.problem).includes(`${OURS}invalid-public-key`), `${name}: ${JSON.stringify(r)}`);
  }
  assert.throws(() => readFileSync(join(cfg.libraries_dir, "x")));
});

test("the protocol's own example (SPKI under an RSA PUBLIC KEY label) issues a secret", async () => {
  const { ctx } = setup();
  const body = libraryKeys.publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "-----$1 RSA PUBLIC KEY-----");
  const r = await registerLibrary({ url: library("labelled", { type: "RSA", value: body }) }, ctx);
  assert.ok(r.ok && decrypt(r.document.metadata.shared_secret).length === 48, JSON.stringify(!r.ok && r.problem));
});

test("short names stay unique across libraries", async () => {
  const { ctx } = setup();
  const names = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const r = await registerLibrary({ url: library(`u${i}`) }, ctx);
    if (r.ok) names.add(r.document.metadata.short_name);
  }
  assert.is(names.size, 5);
});

test("the entry keeps the secret's SHA-256 beside it; an entry without one gets it on its next registration", async () => {
  const { ctx } = setup();
  const url = library("digest");
  const first = await registerLibrary({ url }, ctx);
  if (!first.ok) throw new Error("setup");
  const secret = decrypt(first.document.metadata.shared_secret);
  assert.is(first.entry.shared_secret_sha256, secretDigest(secret));
  // An entry written before digests existed: the Bearer still works at its URL, and the digest comes back.
  const { shared_secret_sha256: _dropped, ...legacy } = first.entry;
  writeEntry(first.path, legacy);
  assert.not.match(readFileSync(first.path, "utf8"), /shared_secret_sha256/);
  const again = await registerLibrary({ url, authorization: `Bearer ${secret}` }, ctx);
  assert.ok(again.ok && again.entry.shared_secret_sha256 === secretDigest(secret), JSON.stringify(again));
  assert.match(readFileSync(first.path, "utf8"), /shared_secret_sha256: [0-9a-f]{64}/);
});

test.run();

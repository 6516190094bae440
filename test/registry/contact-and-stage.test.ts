// A library's contact and stage are the library's own: a stored contact reaches only a caller
// holding the library's secret, and without that secret nobody replaces the contact or stage of a
// library that has one; for a library without a secret a contact change waits for review.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { withDefaults } from "../../src/registry/config.ts";
import { registerLibrary, type RegistrationContext } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { unseal } from "../../src/registry/sealed.ts";
import { LS, OURS } from "../../src/opds/problem.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const CONTACT_REL = "http://librarysimplified.org/rel/integration-contact";
const registryKeys = generateRegistryKeyPair(2048);
const libraryKeys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function setup(): RegistrationContext {
  const dir = mkdtempSync(join(tmpdir(), "contact-"));
  writeFileSync(join(dir, "registry-public-key.pem"), registryKeys.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  return registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem } });
}

function library(name: string, withKey = true) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: "mailto:help@lib.example" }],
    ...(withKey ? { public_key: { type: "RSA", value: libraryKeys.publicKey } } : {}),
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

const decrypt = (b64: string) => privateDecrypt({ key: libraryKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(b64, "base64")).toString("utf8");
const contactLink = (doc: any) => (doc.links as any[]).find((l) => l.rel === CONTACT_REL)?.href;

async function registered(ctx: RegistrationContext, name: string, withKey = true) {
  const url = library(name, withKey);
  const first = await registerLibrary({ url, contact: `mailto:it@${name}.example`, stage: "testing" }, ctx);
  if (!first.ok) throw new Error(JSON.stringify(first.problem));
  const secret = withKey ? decrypt(first.document.metadata.shared_secret) : undefined;
  return { url, first, secret };
}

test("a stored contact is in the answer only for the caller holding the library's secret", async () => {
  const ctx = setup();
  const { url, secret } = await registered(ctx, "shown");
  const anonymous = await registerLibrary({ url }, ctx);
  assert.ok(anonymous.ok, JSON.stringify(!anonymous.ok && anonymous.problem));
  if (!anonymous.ok) return;
  assert.is(contactLink(anonymous.document), undefined, "no stored contact for an anonymous caller");
  assert.not.ok(JSON.stringify(anonymous.document).includes("it@shown.example"));
  const owner = await registerLibrary({ url, authorization: `Bearer ${secret}` }, ctx);
  assert.ok(owner.ok && contactLink(owner.document) === "mailto:it@shown.example", JSON.stringify(owner));
});

test("replacing the contact of a library that holds a secret needs its Bearer", async () => {
  const ctx = setup();
  const { url, first, secret } = await registered(ctx, "keyed");
  const before = readFileSync(first.path, "utf8");
  const r = await registerLibrary({ url, contact: "mailto:attacker@evil.example" }, ctx);
  assert.ok(!r.ok && r.problem.type === `${LS}credentials-invalid` && r.problem.status === 401, JSON.stringify(r));
  assert.is(readFileSync(first.path, "utf8"), before, "nothing written");
  // The same address again is no change and needs no secret.
  const same = await registerLibrary({ url, contact: "mailto:it@keyed.example" }, ctx);
  assert.ok(same.ok, JSON.stringify(!same.ok && same.problem));
  const owner = await registerLibrary({ url, contact: "mailto:new@keyed.example", authorization: `Bearer ${secret}` }, ctx);
  assert.ok(owner.ok, JSON.stringify(!owner.ok && owner.problem));
  if (owner.ok) assert.is(unseal(owner.entry.contact!, registryKeys.privateKeyPem), "mailto:new@keyed.example");
});

test("replacing the stage of a library that holds a secret needs its Bearer; leaving it out keeps it", async () => {
  const ctx = setup();
  const { url, first, secret } = await registered(ctx, "staged");
  const before = readFileSync(first.path, "utf8");
  const r = await registerLibrary({ url, stage: "production" }, ctx);
  assert.ok(!r.ok && r.problem.type === `${LS}credentials-invalid`, JSON.stringify(r));
  assert.is(readFileSync(first.path, "utf8"), before);
  const kept = await registerLibrary({ url }, ctx);
  assert.ok(kept.ok && kept.entry.library_stage === "testing", JSON.stringify(kept));
  const owner = await registerLibrary({ url, stage: "production", authorization: `Bearer ${secret}` }, ctx);
  assert.ok(owner.ok && owner.entry.library_stage === "production", JSON.stringify(owner));
});

test("a library without a secret: a new contact waits for review as contact_pending, the reviewed one stays", async () => {
  const ctx = setup();
  const { url, first } = await registered(ctx, "nokey", false);
  const r = await registerLibrary({ url, contact: "mailto:changed@nokey.example" }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.is(unseal(r.entry.contact!, registryKeys.privateKeyPem), "mailto:it@nokey.example");
  assert.is(unseal(r.entry.contact_pending!, registryKeys.privateKeyPem), "mailto:changed@nokey.example");
  assert.ok(r.warnings.some((w) => w.type === `${OURS}contact-pending-review`), JSON.stringify(r.warnings));
  assert.is(contactLink(r.document), undefined, "neither address is shown to an anonymous caller");
  const text = readFileSync(first.path, "utf8");
  assert.match(text, /^contact_pending: sealed:v1:/m);
  assert.not.ok(text.includes("changed@nokey.example"));
  // Sending the pending address again does not rewrite it (no churn in the pull request).
  const again = await registerLibrary({ url, contact: "mailto:changed@nokey.example" }, ctx);
  assert.ok(again.ok && again.entry.contact_pending === r.entry.contact_pending);
});

test("a new library's contact is stored and echoed to the caller who sent it", async () => {
  const ctx = setup();
  const { first } = await registered(ctx, "fresh", false);
  assert.is(contactLink(first.document), "mailto:it@fresh.example");
  assert.is(unseal(first.entry.contact!, registryKeys.privateKeyPem), "mailto:it@fresh.example");
  assert.is(first.entry.contact_pending, undefined);
});

test.run();

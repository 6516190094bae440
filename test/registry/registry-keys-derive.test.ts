// The private key alone is enough: an operator who sets only REGISTRY_PRIVATE_KEY (or _FILE) gets a
// registry that issues secrets, its public key derived from the private one. Both given and not one
// pair: refused clearly, before anything is sealed to the wrong key.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { withDefaults } from "../../src/registry/config.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair, keysMatch, loadRegistryKeys, publicKeyOf } from "../../src/registry/registry-keys.ts";
import { unseal } from "../../src/registry/sealed.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
const registry = generateRegistryKeyPair(2048);
const other = generateRegistryKeyPair(2048);
const libraryKeys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

const folder = () => mkdtempSync(join(tmpdir(), "keys-derive-"));

test("publicKeyOf gives the public half of the pair", () => {
  assert.ok(keysMatch(publicKeyOf(registry.privateKeyPem), registry.privateKeyPem));
  assert.not.ok(keysMatch(publicKeyOf(other.privateKeyPem), registry.privateKeyPem));
});

test("only REGISTRY_PRIVATE_KEY, no keys.public_key file: secrets are issued, sealed to the derived key", async () => {
  const dir = folder();
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  const ctx = registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registry.privateKeyPem } });
  assert.ok(ctx.registryPublicKey && keysMatch(ctx.registryPublicKey, registry.privateKeyPem));

  const auth = `${srv.base}/lib/auth`;
  srv.set("/lib/auth", json({
    id: auth,
    title: "Library",
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/lib/`, type: ATOM }, { rel: "help", href: "mailto:help@lib.example" }],
    public_key: { type: "RSA", value: libraryKeys.publicKey },
  }));
  srv.set("/lib/", { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  const r = await registerLibrary({ url: auth }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.match(r.document.metadata.short_name, /^[A-Z]{6}$/);
  const plain = privateDecrypt({ key: libraryKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(r.document.metadata.shared_secret, "base64")).toString();
  assert.match(plain, /^[0-9a-f]{48}$/);
  assert.is(unseal(r.entry.shared_secret!, registry.privateKeyPem), plain, "sealed to the registry's own (derived) key");
  assert.not.ok(JSON.stringify(r.document).includes("issues no shared secrets"));
});

test("REGISTRY_PRIVATE_KEY_FILE alone works the same", () => {
  const dir = folder();
  writeFileSync(join(dir, "private.pem"), registry.privateKeyPem, { mode: 0o600 });
  const keys = loadRegistryKeys(join(dir, "absent-public.pem"), { REGISTRY_PRIVATE_KEY_FILE: join(dir, "private.pem") });
  assert.is(keys.publicSource, "derived");
  assert.ok(keys.publicKey && keysMatch(keys.publicKey, registry.privateKeyPem));
});

test("both given and one pair: the committed public key is used", () => {
  const dir = folder();
  writeFileSync(join(dir, "registry-public-key.pem"), registry.publicKeyPem);
  const keys = loadRegistryKeys(join(dir, "registry-public-key.pem"), { REGISTRY_PRIVATE_KEY: registry.privateKeyPem });
  assert.is(keys.publicSource, "file");
  assert.is(keys.publicKey, registry.publicKeyPem);
});

test("both given and not one pair: refused, naming both", () => {
  const dir = folder();
  writeFileSync(join(dir, "registry-public-key.pem"), other.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test" }, dir, null);
  assert.throws(
    () => registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registry.privateKeyPem } }),
    (err: Error) => /REGISTRY_PRIVATE_KEY and keys\.public_key \(.*registry-public-key\.pem\) are not one key pair/.test(err.message),
  );
});

test("neither: no keys, no secrets (the protocol allows it)", () => {
  const keys = loadRegistryKeys(join(folder(), "none.pem"), {});
  assert.equal(keys, { publicKey: null, privateKey: null, publicSource: null });
});

test.run();

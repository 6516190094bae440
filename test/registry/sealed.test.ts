import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSealed, seal, unseal } from "../../src/registry/sealed.ts";
import { generateRegistryKeyPair, keysMatch, loadRegistryPrivateKey, loadRegistryPublicKey } from "../../src/registry/registry-keys.ts";

const registry = generateRegistryKeyPair(2048);
const other = generateRegistryKeyPair(2048);
const tmp = mkdtempSync(join(tmpdir(), "sealed-test-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test("generated keys: SPKI public, PKCS#8 private, 3072 bits by default", () => {
  assert.match(registry.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
  assert.match(registry.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.ok(keysMatch(registry.publicKeyPem, registry.privateKeyPem));
  assert.not.ok(keysMatch(registry.publicKeyPem, other.privateKeyPem));
  assert.not.ok(keysMatch("garbage", registry.privateKeyPem));
  assert.throws(() => generateRegistryKeyPair(1024), /2048–16384/);
});

test("seal → one line `sealed:v1:…` that unseals to the plaintext", () => {
  const secret = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
  const sealed = seal(secret, registry.publicKeyPem);
  assert.match(sealed, /^sealed:v1:[A-Za-z0-9+/]+={0,2}$/);
  assert.not.ok(sealed.includes(secret));
  assert.ok(isSealed(sealed));
  assert.is(unseal(sealed, registry.privateKeyPem), secret);
  assert.is.not(seal(secret, registry.publicKeyPem), sealed, "fresh key and IV each time");
  assert.is(unseal(seal("mailto:ünïcode@library.example", registry.publicKeyPem), registry.privateKeyPem), "mailto:ünïcode@library.example");
  assert.is(unseal(seal("", registry.publicKeyPem), registry.privateKeyPem), "");
});

test("the wrong private key cannot unseal", () => {
  const sealed = seal("secret", registry.publicKeyPem);
  assert.throws(() => unseal(sealed, other.privateKeyPem), /sealed for a different registry key/);
});

test("tampering is detected", () => {
  const sealed = seal("c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84", registry.publicKeyPem);
  const bytes = Buffer.from(sealed.slice("sealed:v1:".length), "base64");
  const flip = (at: number) => {
    const b = Buffer.from(bytes);
    b[at] ^= 1;
    return "sealed:v1:" + b.toString("base64");
  };
  assert.throws(() => unseal(flip(bytes.length - 1), registry.privateKeyPem), /altered or corrupted/, "ciphertext");
  assert.throws(() => unseal(flip(2 + 256 + 12 + 3), registry.privateKeyPem), /altered or corrupted/, "tag");
  assert.throws(() => unseal(flip(2 + 256 + 1), registry.privateKeyPem), /altered or corrupted/, "iv");
  assert.throws(() => unseal(flip(10), registry.privateKeyPem), /different registry key|altered/, "wrapped key");
  assert.throws(() => unseal("sealed:v1:" + bytes.subarray(0, 100).toString("base64"), registry.privateKeyPem), /truncated/);
});

test("bad formats are clear errors", () => {
  assert.throws(() => unseal("c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84", registry.privateKeyPem), /not a sealed value/);
  assert.throws(() => unseal("sealed:v1:!!!", registry.privateKeyPem), /not valid base64/);
  assert.throws(() => unseal("sealed:v1:AA==", registry.privateKeyPem), /truncated/);
  assert.throws(() => unseal(seal("x", registry.publicKeyPem), "not a key"), /not a readable PEM private key/);
  assert.throws(() => seal("x", "not a key"), /not a readable PEM key/);
  for (const v of [null, 42, "", "sealed:v1:", "sealed:v2:AAAA", "plain", "sealed:v1:a b"]) assert.not.ok(isSealed(v), String(v));
});

test("loadRegistryPrivateKey: PEM in the environment, with literal \\n as CI secrets have", () => {
  assert.is(loadRegistryPrivateKey({}), null);
  const fromPem = loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY: registry.privateKeyPem });
  assert.is(fromPem?.source, "REGISTRY_PRIVATE_KEY");
  assert.ok(keysMatch(registry.publicKeyPem, fromPem!.pem));
  const flattened = registry.privateKeyPem.trim().replace(/\n/g, "\\n");
  const fromFlat = loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY: flattened });
  assert.ok(keysMatch(registry.publicKeyPem, fromFlat!.pem));
  assert.is(unseal(seal("s", registry.publicKeyPem), fromFlat!.pem), "s");
  assert.throws(() => loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY: registry.publicKeyPem }), /not a PEM private key/);
  assert.throws(() => loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }), /cannot be read/);
});

test("loadRegistryPrivateKey: from a file; unreadable file is an error", () => {
  const file = join(tmp, "key.pem");
  writeFileSync(file, registry.privateKeyPem, { mode: 0o600 });
  const loaded = loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY_FILE: file });
  assert.match(loaded!.source, /REGISTRY_PRIVATE_KEY_FILE/);
  assert.ok(keysMatch(registry.publicKeyPem, loaded!.pem));
  assert.throws(() => loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY_FILE: join(tmp, "missing.pem") }), /cannot be read: ENOENT/);
  const pub = join(tmp, "pub.pem");
  writeFileSync(pub, registry.publicKeyPem);
  assert.throws(() => loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY_FILE: pub }), /not a PEM private key/);
  // The inline variable wins over the file.
  assert.is(loadRegistryPrivateKey({ REGISTRY_PRIVATE_KEY: other.privateKeyPem, REGISTRY_PRIVATE_KEY_FILE: file })!.source, "REGISTRY_PRIVATE_KEY");
});

test("loadRegistryPublicKey: null when absent, refuses a private key", () => {
  assert.is(loadRegistryPublicKey(join(tmp, "nothing.pem")), null);
  const pub = join(tmp, "registry-public-key.pem");
  writeFileSync(pub, registry.publicKeyPem);
  assert.is(loadRegistryPublicKey(pub), registry.publicKeyPem);
  const priv = join(tmp, "oops.pem");
  writeFileSync(priv, registry.privateKeyPem);
  assert.throws(() => loadRegistryPublicKey(priv), /PRIVATE key/);
  const junk = join(tmp, "junk.pem");
  writeFileSync(junk, "hello");
  assert.throws(() => loadRegistryPublicKey(junk), /not a PEM RSA public key/);
});

test.run();

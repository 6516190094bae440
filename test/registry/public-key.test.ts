import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateKeyPairSync } from "node:crypto";
import { parseLibraryPublicKey, type PublicKeyFailure } from "../../src/registry/public-key.ts";
import { PROBLEMS, specificType } from "../../src/opds/problem.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const rsa2048 = generateKeyPairSync("rsa", { modulusLength: 2048 });
const spki = rsa2048.publicKey.export({ type: "spki", format: "pem" }).toString();
const pkcs1 = rsa2048.publicKey.export({ type: "pkcs1", format: "pem" }).toString();

function rejects(member: unknown, pattern: RegExp, opts?: { minBits?: number }, code?: PublicKeyFailure) {
  const r = parseLibraryPublicKey(member, opts);
  if (r.ok) return assert.unreachable(`expected a problem for ${JSON.stringify(member)?.slice(0, 60)}`);
  if (code) assert.is(r.code, code);
  assert.is(specificType(r.problem), PROBLEMS.invalidPublicKey.type);
  assert.is(r.problem.status, 400);
  assert.match(r.problem.detail ?? "", pattern);
}

function accepts(member: unknown) {
  const r = parseLibraryPublicKey(member);
  if (!r.ok) {
    assert.unreachable(`expected acceptance, got: ${r.problem.detail}`);
    throw new Error("unreachable");
  }
  assert.is(r.bits, 2048);
  assert.match(r.spkiPem, /^-----BEGIN PUBLIC KEY-----\n/);
  return r;
}

test("SPKI PEM (what the circulation manager sends) is accepted", () => {
  const r = accepts({ type: "RSA", value: spki });
  assert.is(r.spkiPem.trim(), spki.trim());
});

test("PKCS#1 PEM is accepted and normalised to SPKI", () => {
  const r = accepts({ type: "RSA", value: pkcs1 });
  assert.is(r.spkiPem.trim(), spki.trim());
});

test("SPKI body under an RSA PUBLIC KEY label (the protocol's own example) is accepted", () => {
  const mislabelled = spki.replace(/PUBLIC KEY-----/g, "RSA PUBLIC KEY-----");
  assert.match(mislabelled, /^-----BEGIN RSA PUBLIC KEY-----\nMIIBIjANBgkqh/);
  const r = accepts({ type: "RSA", value: mislabelled });
  assert.is(r.spkiPem.trim(), spki.trim());
});

test("PKCS#1 body under a PUBLIC KEY label, literal \\n escapes, CRLF and no armour are accepted", () => {
  accepts({ type: "RSA", value: pkcs1.replace(/RSA PUBLIC KEY/g, "PUBLIC KEY") });
  accepts({ type: "RSA", value: spki.replace(/\n/g, "\\n") });
  accepts({ type: "RSA", value: spki.replace(/\n/g, "\r\n") });
  accepts({ type: "RSA", value: spki.replace(/-----[A-Z ]+-----/g, "") });
});

test("a bare string, null, an array and a number are problems, not crashes", () => {
  rejects("a public key", /must be an object.*not a string/, {}, "not-an-object");
  rejects(null, /not null/);
  rejects([spki], /not an array/);
  rejects(42, /not a number/);
  rejects(undefined, /must be an object/);
});

test("a type other than RSA, and a missing or empty value, are problems", () => {
  rejects({ type: "EC", value: spki }, /type must be "RSA".*"EC"/, {}, "unsupported-type");
  rejects({ type: "rsa", value: spki }, /type must be "RSA"/);
  rejects({ value: spki }, /type must be "RSA".*missing/);
  rejects({ type: "RSA" }, /value must be a PEM.*missing/, {}, "missing-value");
  rejects({ type: "RSA", value: "" }, /value must be a PEM/);
  rejects({ type: "RSA", value: { pem: spki } }, /value must be a PEM/);
});

test("garbage is a problem", () => {
  rejects({ type: "RSA", value: "-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----" }, /not PEM/, {}, "not-pem");
  rejects({ type: "RSA", value: "-----BEGIN PUBLIC KEY-----\nQUJDREVGR0g=\n-----END PUBLIC KEY-----" }, /neither a SubjectPublicKeyInfo nor a PKCS#1/, {}, "unreadable");
  rejects({ type: "RSA", value: "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----" }, /not PEM/);
});

test("a private key is rejected, whatever its label", () => {
  const pkcs8 = rsa2048.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const pkcs1Private = rsa2048.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  rejects({ type: "RSA", value: pkcs8 }, /private key \(PRIVATE KEY\)/, {}, "private-key");
  rejects({ type: "RSA", value: pkcs1Private }, /private key/);
  // The private DER disguised under a public label: Node would derive the public half from it.
  rejects({ type: "RSA", value: pkcs8.replace(/PRIVATE KEY/g, "PUBLIC KEY") }, /private key/, {}, "private-key");
  rejects({ type: "RSA", value: pkcs1Private.replace(/RSA PRIVATE KEY/g, "RSA PUBLIC KEY") }, /private key/);
});

test("EC and Ed25519 keys are rejected as non-RSA", () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ type: "spki", format: "pem" }).toString();
  const ed = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
  rejects({ type: "RSA", value: ec }, /an EC key; only RSA/, {}, "not-rsa");
  rejects({ type: "RSA", value: ed }, /an Ed25519 key; only RSA/);
});

test("a 1024-bit key is too weak; minBits is configurable", () => {
  const weak = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
  rejects({ type: "RSA", value: weak }, /1024-bit RSA key; at least 2048 bits/, {}, "too-short");
  const r = parseLibraryPublicKey({ type: "RSA", value: weak }, { minBits: 1024 });
  assert.ok(r.ok);
  if (r.ok) assert.is(r.bits, 1024);
  rejects({ type: "RSA", value: spki }, /at least 4096/, { minBits: 4096 });
});

withShared(test)("the fixture key in all its forms, and the Ansonia document's plain-string key", () => {
  const v = sharedJson("crypto/rsa-oaep-sha1-shared-secret-vector.json");
  const fromSpki = accepts({ type: "RSA", value: v.public_key_spki_pem });
  const fromPkcs1 = accepts({ type: "RSA", value: v.public_key_pkcs1_pem });
  const fromMember = accepts(v.auth_document_public_key_member);
  assert.is(fromPkcs1.spkiPem, fromSpki.spkiPem);
  assert.is(fromMember.spkiPem, fromSpki.spkiPem);
  rejects({ type: "RSA", value: v.private_key_pkcs8_pem }, /private key/);
  const doc = sharedJson("auth-documents/palace-test-registration-auth-doc.json");
  assert.is(accepts(doc.public_key).spkiPem, fromSpki.spkiPem);
  const ansonia = sharedJson("auth-documents/palace-test-ansonia-real-document.json");
  rejects(ansonia.public_key, /must be an object/);
});

test("adversarial armour is refused, read in linear time (no backtracking pattern)", () => {
  rejects({ type: "RSA", value: "-----BEGIN " + " ".repeat(40_000) }, /too long|not PEM|characters long/);
  rejects({ type: "RSA", value: "-----BEGIN " + " ".repeat(10_000) + "x" }, /not PEM/, {}, "not-pem");
  rejects({ type: "RSA", value: "-----".repeat(3_000) }, /./);
  rejects({ type: "RSA", value: "A".repeat(20_000) }, /characters long/, {}, "unreadable");
  // The armour reader still finds labels and body as before.
  accepts({ type: "RSA", value: spki.replace("-----BEGIN PUBLIC KEY-----", "-----BEGIN  PUBLIC KEY -----") });
});

test.run();

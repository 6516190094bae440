import { test } from "uvu";
import * as assert from "uvu/assert";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { encryptSharedSecret, generateSharedSecret, isExplicitTrue, parseBearer, secretsEqual } from "../../src/registry/shared-secret.ts";
import { parseLibraryPublicKey } from "../../src/registry/public-key.ts";
import { PROBLEMS, specificType } from "../../src/opds/problem.ts";
import { sharedJson, withShared } from "../support/shared.ts";

/** What the circulation manager does with metadata.shared_secret: OAEP SHA-1 with its private key. */
function libraryDecrypts(b64: string, privateKeyPem: string): string {
  return privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(b64, "base64")).toString("utf8");
}

test("a secret is 48 lowercase hex characters from 24 random bytes, different each time", () => {
  const a = generateSharedSecret();
  const b = generateSharedSecret();
  assert.match(a, /^[0-9a-f]{48}$/);
  assert.is.not(a, b);
  assert.is(generateSharedSecret((n) => Buffer.alloc(n, 0xab)), "ab".repeat(24));
});

test("a simulated library decrypts what the registry issued and gets the same secret", () => {
  const library = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const member = { type: "RSA", value: library.publicKey.export({ type: "spki", format: "pem" }).toString() };
  const parsed = parseLibraryPublicKey(member);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  const secret = generateSharedSecret();
  const issued = encryptSharedSecret(secret, parsed.spkiPem);
  assert.match(issued, /^[A-Za-z0-9+/]+={0,2}$/, "standard base64, no line breaks");
  assert.is(issued.length, 344, "2048-bit key → 256 bytes → 344 base64 characters");
  const privatePem = library.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  assert.is(libraryDecrypts(issued, privatePem), secret);
  // OAEP is randomised: a second issue differs but decrypts to the same secret.
  const again = encryptSharedSecret(secret, parsed.spkiPem);
  assert.is.not(again, issued);
  assert.is(libraryDecrypts(again, privatePem), secret);
});

test("the ciphertext is OAEP with SHA-1: SHA-256 OAEP cannot read it", () => {
  const library = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const issued = encryptSharedSecret("s".repeat(48), library.publicKey.export({ type: "spki", format: "pem" }).toString());
  assert.throws(() => privateDecrypt({ key: library.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(issued, "base64")));
});

withShared(test)("the reference registry's fixture ciphertext decrypts with the fixture key", () => {
  const v = sharedJson("crypto/rsa-oaep-sha1-shared-secret-vector.json");
  assert.is(libraryDecrypts(v.shared_secret_b64, v.private_key_pkcs8_pem), v.shared_secret_plaintext);
  const response = sharedJson("expected-output/palace-register-response.json");
  assert.is(libraryDecrypts(response.body.metadata.shared_secret, v.private_key_pkcs8_pem), v.shared_secret_plaintext);
  // And what we issue to the fixture's key (from its auth-document member) decrypts too.
  const parsed = parseLibraryPublicKey(v.auth_document_public_key_member);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.is(libraryDecrypts(encryptSharedSecret(v.shared_secret_plaintext, parsed.spkiPem), v.private_key_pkcs8_pem), v.shared_secret_plaintext);
});

test("secretsEqual: equal, different, different lengths, empty", () => {
  const s = generateSharedSecret();
  assert.ok(secretsEqual(s, String(s)));
  assert.not.ok(secretsEqual(s, generateSharedSecret()));
  assert.not.ok(secretsEqual(s, s.slice(0, 47)));
  assert.not.ok(secretsEqual(s, s.toUpperCase()));
  assert.not.ok(secretsEqual("", s));
  assert.ok(secretsEqual("", ""));
});

test("parseBearer: absent or empty header is no secret", () => {
  assert.equal(parseBearer(undefined), {});
  assert.equal(parseBearer(""), {});
  assert.equal(parseBearer("   "), {});
});

test("parseBearer: `Bearer <token>`, scheme case-insensitive", () => {
  const s = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
  assert.equal(parseBearer(`Bearer ${s}`), { secret: s });
  assert.equal(parseBearer(`bearer ${s}`), { secret: s });
  assert.equal(parseBearer(`BEARER  ${s} `), { secret: s });
  assert.equal(parseBearer(`Bearer\t${s}`), { secret: s });
});

test("parseBearer: malformed values are 401 problems (B9)", () => {
  const cases: [string, RegExp][] = [
    ["Bearer", /carries no secret/],
    ["Bearer ", /carries no secret/],
    ["Bearer a b", /exactly one token/],
    ["Bearer abc\"def", /characters/],
    ["Basic dXNlcjpwYXNz", /must be Bearer, not "Basic"/],
    ["xBearer abc", /must be Bearer/],
    ["Token-Bearer abc", /must be Bearer/],
    ["abc", /must be Bearer/],
  ];
  for (const [header, detail] of cases) {
    const r = parseBearer(header);
    assert.ok("problem" in r, header);
    if (!("problem" in r)) continue;
    assert.is(specificType(r.problem), PROBLEMS.invalidBearer.type, header);
    assert.is(r.problem.status, 401);
    assert.match(r.problem.detail ?? "", detail, header);
  }
});

test("isExplicitTrue: only explicit yes values reset (B10)", () => {
  for (const v of ["true", "TRUE", "True", "1", "yes", "Yes", "on", " on "]) assert.ok(isExplicitTrue(v), v);
  for (const v of [undefined, "", "false", "False", "0", "no", "off", "2", "y", "t", "reset"]) assert.not.ok(isExplicitTrue(v), String(v));
});

test.run();

// The shared secret a library and the registry hold in common (crypto.md §1–2): issuing it,
// encrypting it for the library, and recognising it when the library sends it back.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import NodeRSA from "node-rsa";
import { problem, type Problem } from "../opds/problem.ts";

/** 24 bytes from the CSPRNG as 48 lowercase hex characters. The string itself is the secret. */
export function generateSharedSecret(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(24);
  if (bytes.length !== 24) throw new Error(`the random source gave ${bytes.length} bytes, 24 were asked for`);
  return Buffer.from(bytes).toString("hex");
}

/**
 * RSAES-OAEP with SHA-1 and MGF1-SHA-1 over the UTF-8 of the secret, standard base64 without line
 * breaks: what the circulation manager decrypts (PyCryptodome PKCS1_OAEP defaults). SHA-256 OAEP
 * would fail there with `decryption-error`.
 * `spkiPem` is a key that `parseLibraryPublicKey` accepted.
 */
export function encryptSharedSecret(secret: string, spkiPem: string): string {
  const key = new NodeRSA(spkiPem, "pkcs8-public-pem", {
    encryptionScheme: { scheme: "pkcs1_oaep", hash: "sha1" },
  });
  const ciphertext = key.encrypt(Buffer.from(secret, "utf8"), "buffer");
  return Buffer.from(ciphertext).toString("base64");
}

/** Constant-time equality; hashing first hides the lengths too (timingSafeEqual needs equal sizes). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

export type BearerResult = { secret?: string } | { problem: Problem };

// RFC 6750 §2.1 b64token; our secrets are hex, so this is generous.
const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * `Authorization: Bearer <secret>`, strictly (B9: the reference matched `bearer` anywhere and
 * crashed on an empty value). No header, or an empty one → `{}` (first registration). Any other
 * scheme (`Basic …`) or a malformed Bearer → `invalidBearer` (401): a client that sends
 * credentials we cannot read should hear so, not be treated as anonymous.
 */
export function parseBearer(header: string | undefined): BearerResult {
  if (header === undefined) return {};
  const value = header.trim();
  if (value === "") return {};
  const m = BEARER.exec(value);
  if (m) return { secret: m[1] };
  const scheme = value.split(/\s+/)[0];
  if (scheme.toLowerCase() !== "bearer") {
    return { problem: problem("invalidBearer", `The Authorization scheme must be Bearer, not ${JSON.stringify(scheme)}.`) };
  }
  const rest = value.slice(scheme.length).trim();
  if (rest === "") return { problem: problem("invalidBearer", "The Authorization header says Bearer but carries no secret.") };
  if (/\s/.test(rest)) return { problem: problem("invalidBearer", "The Authorization header must carry exactly one token after Bearer.") };
  return { problem: problem("invalidBearer", "The Bearer token contains characters a shared secret never has.") };
}

/** `reset_shared_secret`: only an explicit yes counts (B10: the reference reset on `false`). */
export function isExplicitTrue(v: string | undefined): boolean {
  if (v === undefined) return false;
  return ["true", "1", "yes", "on"].includes(v.trim().toLowerCase());
}

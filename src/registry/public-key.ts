// The `public_key` member of an Authentication for OPDS document: `{"type": "RSA", "value": PEM}`.
// Parsed leniently the way the reference (PyCryptodome) reads it — the PEM label is ignored, the
// body may be SubjectPublicKeyInfo or PKCS#1 — but strictly about what we will not use: private
// keys, non-RSA keys, weak keys and garbage are problem details (B7), never exceptions.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { problem, type Problem } from "../opds/problem.ts";

/** Why a key was refused, for callers that treat some cases differently (e.g. a non-RSA `type`). */
export type PublicKeyFailure = "not-an-object" | "unsupported-type" | "missing-value" | "private-key" | "not-pem" | "unreadable" | "not-rsa" | "too-short";

export type PublicKeyResult =
  | { ok: true; spkiPem: string; bits: number }
  | { ok: false; code: PublicKeyFailure; problem: Problem };

/** What the circulation manager generates, and the floor we accept. */
export const MIN_PUBLIC_KEY_BITS = 2048;

const fail = (code: PublicKeyFailure, detail: string): PublicKeyResult => ({ ok: false, code, problem: problem("invalidPublicKey", detail) });

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "string") return `a string (${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x)})`;
  return `a ${typeof x}`;
}

export function parseLibraryPublicKey(member: unknown, opts: { minBits?: number } = {}): PublicKeyResult {
  const minBits = opts.minBits ?? MIN_PUBLIC_KEY_BITS;
  try {
    return parse(member, minBits);
  } catch (err) {
    // Belt and braces: nothing in here should throw, but a crash would be B7 all over again.
    return fail("unreadable", `public_key could not be read: ${(err as Error).message}`);
  }
}

function parse(member: unknown, minBits: number): PublicKeyResult {
  if (typeof member !== "object" || member === null || Array.isArray(member)) {
    return fail("not-an-object", `public_key must be an object {"type": "RSA", "value": "<PEM>"}, not ${describe(member)}.`);
  }
  const { type, value } = member as { type?: unknown; value?: unknown };
  if (type !== "RSA") {
    return fail("unsupported-type", `public_key.type must be "RSA" (the only type the protocol defines), not ${type === undefined ? "missing" : JSON.stringify(type)}.`);
  }
  if (typeof value !== "string" || value.trim() === "") {
    return fail("missing-value", `public_key.value must be a PEM-encoded RSA public key, not ${value === undefined ? "missing" : describe(value)}.`);
  }
  // A 16384-bit key is about 3 KB of PEM: anything far longer is not a key, and is not read.
  if (value.length > MAX_PEM_CHARS) return fail("unreadable", `public_key.value is ${value.length} characters long; an RSA public key in PEM is at most a few thousand.`);
  // A JSON string may arrive with its `\n` escapes still literal (double-encoded documents).
  const text = value.replace(/\\r\\n|\\n|\\r/g, "\n");
  const { labels, outside } = readArmour(text);
  if (labels.some((l) => l.includes("PRIVATE"))) {
    return fail("private-key", `public_key.value is a private key (${labels.find((l) => l.includes("PRIVATE"))}). Send only the public half; and since it was published, generate a new key pair.`);
  }
  if (labels.length > 1) return fail("unreadable", "public_key.value holds more than one PEM block.");
  if (labels.some((l) => l.includes("CERTIFICATE"))) {
    return fail("unreadable", "public_key.value is a certificate; send the RSA public key itself (-----BEGIN PUBLIC KEY-----).");
  }

  const der = pemBody(outside);
  if (!der) return fail("not-pem", "public_key.value is not PEM: expected base64 between -----BEGIN PUBLIC KEY----- and -----END PUBLIC KEY-----.");

  // Before the public parse: Node's PKCS#1 reader derives a public key from private DER.
  if (isPrivateDer(der)) {
    return fail("private-key", "public_key.value is a private key. Send only the public half; and since it was published, generate a new key pair.");
  }
  const key = publicKeyFromDer(der);
  if (!key) return fail("unreadable", "public_key.value is neither a SubjectPublicKeyInfo nor a PKCS#1 RSA public key.");
  if (key.asymmetricKeyType !== "rsa") {
    return fail("not-rsa", `public_key.value is ${keyTypeName(key.asymmetricKeyType)} key; only RSA keys can receive a shared secret.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minBits) {
    return fail("too-short", `public_key.value is a ${bits}-bit RSA key; at least ${minBits} bits are required.`);
  }
  const spkiPem = key.export({ type: "spki", format: "pem" }).toString();
  return { ok: true, spkiPem, bits };
}

const MAX_PEM_CHARS = 16_384;

/**
 * The labels of the `-----BEGIN …-----` lines (upper case), and the text with every BEGIN/END
 * armour line cut out. Read with indexOf, in linear time: a pattern such as
 * /-----\s*BEGIN ([^-]*?)\s*-----/ backtracks quadratically on "-----BEGIN " and many spaces.
 */
function readArmour(text: string): { labels: string[]; outside: string } {
  const labels: string[] = [];
  const pieces: string[] = [];
  let pos = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf("-----", from);
    const close = open < 0 ? -1 : text.indexOf("-----", open + 5);
    if (close < 0) break;
    const inner = text.slice(open + 5, close).trim();
    const word = inner.startsWith("BEGIN ") ? "BEGIN" : inner.startsWith("END ") ? "END" : null;
    if (word && !inner.includes("-")) {
      if (word === "BEGIN") labels.push(inner.slice(6).trim().toUpperCase());
      pieces.push(text.slice(pos, open));
      pos = from = close + 5;
    } else {
      from = open + 1;
    }
  }
  pieces.push(text.slice(pos));
  return { labels, outside: pieces.join("\n") };
}

/** The DER inside the armour (already cut out), whatever its label; also a bare base64 body. null if not base64. */
function pemBody(outside: string): Buffer | null {
  const lines = outside
    .split(/\r?\n/)
    // RFC 1421 headers (Proc-Type:, DEK-Info:) carry no key material.
    .filter((l) => !/^[A-Za-z-]+:/.test(l.trim()));
  const b64 = lines.join("").replace(/\s+/g, "");
  if (b64.length === 0 || b64.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const der = Buffer.from(b64, "base64");
  return der.length > 0 ? der : null;
}

function publicKeyFromDer(der: Buffer): KeyObject | null {
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      const key = createPublicKey({ key: der, format: "der", type });
      if (key.type === "public") return key;
    } catch {
      // try the next encoding
    }
  }
  return null;
}

function isPrivateDer(der: Buffer): boolean {
  for (const type of ["pkcs8", "pkcs1", "sec1"] as const) {
    try {
      createPrivateKey({ key: der, format: "der", type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

function keyTypeName(t: string | undefined): string {
  switch (t) {
    case "ec": return "an EC";
    case "ed25519": return "an Ed25519";
    case "ed448": return "an Ed448";
    case "x25519": return "an X25519";
    case "x448": return "an X448";
    case "dsa": return "a DSA";
    case "dh": return "a DH";
    case "rsa-pss": return "an RSA-PSS (signature-only)";
    default: return `a ${t ?? "unknown"}`;
  }
}

// Short Client Tokens (crypto.md §5): `SHORTNAME|EXPIRES|PATRONID|SIGNATURE`, a PII-free proof
// that the bearer is patron X of library Y, sized for Adobe's username/password limits.
// Self-contained (node:crypto only) so any server can embed it.
import { createHmac, timingSafeEqual } from "node:crypto";

/** 2017-01-01T00:00:00Z: origin of the minutes encoding. */
const JAN_1_2017 = Date.UTC(2017, 0, 1);
/** Below this an expiry counts minutes since 2017, at or above it seconds since 1970. */
export const EXPIRY_THRESHOLD = 1_500_000_000;

export type ExpiryEncoding = "minutes-since-2017" | "seconds-since-1970";

/** Standard base64 with `+`→`:`, `/`→`;`, `=`→`@` and no newlines (Adobe mangles `+`). */
export function adobeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, ":").replace(/\//g, ";").replace(/=/g, "@").replace(/\n/g, "");
}

/** Reverses `adobeBase64`. Throws on anything that is not (Adobe) base64. */
export function adobeBase64Decode(s: string): Buffer {
  const b64 = s.replace(/:/g, "+").replace(/;/g, "/").replace(/@/g, "=").replace(/\s+/g, "");
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new Error(`not Adobe base64: ${JSON.stringify(s)}`);
  return Buffer.from(b64, "base64");
}

export function encodeExpiry(date: Date, encoding: ExpiryEncoding): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new Error("cannot encode an invalid date");
  if (encoding === "minutes-since-2017") {
    const n = Math.trunc((ms - JAN_1_2017) / 60_000);
    if (n < 0) throw new Error(`${date.toISOString()} is before 2017-01-01, which minutes-since-2017 cannot express`);
    return n;
  }
  const n = Math.trunc(ms / 1000);
  // Smaller values would be read back as minutes since 2017.
  if (n < EXPIRY_THRESHOLD) throw new Error(`${date.toISOString()} is before 2017-07-14T02:40:00Z, which seconds-since-1970 cannot express unambiguously`);
  return n;
}

export function decodeExpiry(n: number): Date {
  return n < EXPIRY_THRESHOLD ? new Date(JAN_1_2017 + n * 60_000) : new Date(n * 1000);
}

function signature(secret: string, username: string): Buffer {
  // The key is the secret STRING's UTF-8, never the hex-decoded bytes.
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(username, "utf8").digest();
}

export interface TokenParts {
  shortName: string;
  /** The library's shared secret, the 48-character string as issued. */
  secret: string;
  patron: string;
  /** An already-encoded expiry (see encodeExpiry). */
  expires: number;
}

export function signShortClientToken({ shortName, secret, patron, expires }: TokenParts): string {
  if (!shortName || shortName.includes("|")) throw new Error(`short name must be non-empty and contain no "|": ${JSON.stringify(shortName)}`);
  if (!patron) throw new Error("patron identifier must not be empty");
  if (!Number.isFinite(expires)) throw new Error(`expiry must be a finite number, not ${expires}`);
  if (!secret) throw new Error("secret must not be empty");
  const username = `${shortName}|${expires}|${patron}`;
  return `${username}|${adobeBase64(signature(secret, username))}`;
}

export type VerifyResult =
  | { ok: true; shortName: string; patron: string; expires: Date }
  | { ok: false; reason: string };

/** Python's str(datetime): `2017-01-01 20:34:00`, microseconds only when non-zero. */
function pyDateTime(d: Date): string {
  const iso = d.toISOString(); // 2017-01-01T20:34:00.000Z
  const base = iso.slice(0, 19).replace("T", " ");
  const ms = d.getUTCMilliseconds();
  return ms ? `${base}.${String(ms * 1000).padStart(6, "0")}` : base;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Verifies a token in the reference decoder's order, with its messages. `token` is the one-part
 * form, or `{username, password}` as an Adobe sign-in sends it. `lookupSecret` receives the short
 * name upper-cased and returns that library's secret string, or undefined if unknown.
 */
export function verifyShortClientToken(
  token: string | { username: string; password: string },
  lookupSecret: (shortNameUpper: string) => string | undefined,
  now: Date = new Date(),
): VerifyResult {
  const no = (reason: string): VerifyResult => ({ ok: false, reason });
  let username: string;
  let password: string;
  if (typeof token === "string") {
    if (token === "") return no("Cannot decode an empty token.");
    const last = token.lastIndexOf("|");
    if (last < 0) return no(`Supposed client token "${token}" does not contain a pipe.`);
    username = token.slice(0, last);
    password = token.slice(last + 1);
  } else {
    ({ username, password } = token);
  }

  // The patron id may itself contain "|": only the first two pipes separate fields.
  const first = username.indexOf("|");
  const second = first < 0 ? -1 : username.indexOf("|", first + 1);
  if (second < 0) return no(`Invalid client token: ${username}`);
  const shortName = username.slice(0, first);
  const expiresText = username.slice(first + 1, second);
  const patron = username.slice(second + 1);

  const upper = shortName.toUpperCase();
  const secret = lookupSecret(upper);
  if (secret === undefined) return no(`I don't know how to handle tokens from library "${upper}"`);

  const n = NUMERIC.test(expiresText.trim()) ? Number(expiresText) : NaN;
  if (!Number.isFinite(n)) return no(`Expiration time "${expiresText}" is not numeric.`);

  let given: Buffer;
  try {
    given = adobeBase64Decode(password);
  } catch {
    return no(`Invalid password: ${password}`);
  }

  if (patron === "") return no(`Token ${username} has empty patron identifier.`);

  const expires = decodeExpiry(n);
  if (Number.isNaN(expires.getTime())) return no(`Expiration time "${expiresText}" is out of range.`);
  if (expires.getTime() < now.getTime()) {
    return no(`Token ${username} expired at ${pyDateTime(expires)} (now is ${pyDateTime(now)}).`);
  }

  // Over the username as received (original case). Lengths are public; contents compared in constant time.
  const expected = signature(secret, username);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return no(`Invalid signature for ${username}.`);
  return { ok: true, shortName: upper, patron, expires };
}

// Recognising a library by the shared secret it sends as `Authorization: Bearer …`, at a cost that
// does not grow with the registry: each entry keeps, beside its sealed secret, the SHA-256 digest
// of the secret (`shared_secret_sha256`; a 192-bit random secret cannot be recovered from it), so
// a Bearer, right or wrong, costs one hash and constant-time digest comparisons, never a
// private-key operation per library. Entries sealed before digests existed are matched only at
// the URL the caller registers (one unseal), and get their digest on their next registration.
import { createHash, timingSafeEqual } from "node:crypto";
import type { LoadedEntry } from "./entries.ts";
import { unseal } from "./sealed.ts";
import { secretsEqual } from "./shared-secret.ts";

/** Lowercase hex SHA-256 of the secret string, as kept in `shared_secret_sha256`. */
export function secretDigest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function digestMatches(stored: string | undefined, candidate: Buffer): boolean {
  if (typeof stored !== "string" || !/^[0-9a-f]{64}$/.test(stored)) return false;
  return timingSafeEqual(Buffer.from(stored, "hex"), candidate);
}

/**
 * The library whose secret is `secret`, or undefined. Every entry holding a digest is compared
 * (no early exit, so the time does not say which entry matched); an entry at `url` without one is
 * unsealed, the only private-key operation.
 */
export function findByBearer(
  entries: readonly LoadedEntry[],
  secret: string,
  url: string,
  privateKey: string | null,
  open: (sealed: string, privateKey: string) => string = unseal,
): LoadedEntry | undefined {
  const candidate = Buffer.from(secretDigest(secret), "hex");
  let match: LoadedEntry | undefined;
  for (const e of entries) {
    if (digestMatches(e.entry.shared_secret_sha256, candidate) && !match) match = e;
  }
  if (match || !privateKey) return match;
  const legacy = entries.find((e) => e.entry.url === url && e.entry.shared_secret && e.entry.shared_secret_sha256 === undefined);
  if (!legacy) return undefined;
  try {
    return secretsEqual(open(legacy.entry.shared_secret!, privateKey), secret) ? legacy : undefined;
  } catch {
    return undefined;
  }
}

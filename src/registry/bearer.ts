// Recognising a library by the shared secret it sends as `Authorization: Bearer …`, at a cost that
// does not grow with the registry: each entry keeps, beside its sealed secret, the SHA-256 digest
// of the secret (`shared_secret_sha256`; a 192-bit random secret cannot be recovered from it), so
// a Bearer, right or wrong, costs one hash and constant-time digest comparisons, never a
// private-key operation per library. Entries sealed before digests existed are matched only at
// the URL the caller registers (one unseal), and get their digest on their next registration.
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { loadEntries, readEntryFile, type LoadedEntry } from "./entries.ts";
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

/**
 * A per-folder index from digest to entry file, so that a Bearer costs one hash and one map
 * lookup instead of re-reading every entry: at 10,000 libraries even checking that each file is
 * unchanged takes hundreds of milliseconds, which one unauthenticated request must not cost.
 * The index is rebuilt when the folder changes (a registration writes by rename, which changes
 * the folder's mtime) and at least every REBUILD_MS, so an entry edited in place is seen soon.
 * A hit is confirmed against the file as it is now, in constant time.
 */
interface BearerIndex {
  folderMtimeMs: number;
  builtAt: number;
  byDigest: Map<string, string>;
  legacyByUrl: Map<string, string>;
}

const REBUILD_MS = 30_000;
const indexes = new Map<string, BearerIndex>();

function buildIndex(dir: string, folderMtimeMs: number): BearerIndex {
  const byDigest = new Map<string, string>();
  const legacyByUrl = new Map<string, string>();
  for (const e of loadEntries(dir).entries) {
    const d = e.entry.shared_secret_sha256;
    if (d) byDigest.set(d, e.path);
    else if (e.entry.shared_secret) legacyByUrl.set(e.entry.url, e.path);
  }
  const index = { folderMtimeMs, builtAt: Date.now(), byDigest, legacyByUrl };
  indexes.set(resolve(dir), index);
  return index;
}

function indexFor(dir: string, fresh = false): BearerIndex {
  let mtime = 0;
  try {
    mtime = statSync(dir).mtimeMs;
  } catch {
    /* no folder yet: an empty index */
  }
  const known = indexes.get(resolve(dir));
  if (!fresh && known && known.folderMtimeMs === mtime && Date.now() - known.builtAt < REBUILD_MS) return known;
  return buildIndex(dir, mtime);
}

/** The entry of `dir` whose secret is `secret` (see findByBearer), at O(1) cost per request. */
export function findByBearerIn(dir: string, secret: string, url: string, privateKey: string | null, open: (sealed: string, privateKey: string) => string = unseal): LoadedEntry | undefined {
  const digest = secretDigest(secret);
  for (const fresh of [false, true]) {
    const index = indexFor(dir, fresh);
    const path = index.byDigest.get(digest) ?? index.legacyByUrl.get(url);
    if (!path) return undefined;
    // The file as it is now decides; a stale index is rebuilt once.
    const loaded = existsSync(path) ? readEntryFile(path).loaded : undefined;
    const match = loaded ? findByBearer([loaded], secret, url, privateKey, open) : undefined;
    if (match) return match;
  }
  return undefined;
}

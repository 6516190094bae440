// Recognising a library by the shared secret it sends as `Authorization: Bearer …`, at a cost that
// does not grow with the registry: each entry keeps, beside its sealed secret, the SHA-256 digest
// of the secret (`shared_secret_sha256`; a 192-bit random secret cannot be recovered from it), so
// a Bearer, right or wrong, costs one hash and constant-time digest comparisons, never a
// private-key operation per library. Entries sealed before digests existed are matched only at
// the URL the caller registers (one unseal), and get their digest on their next registration.
import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { listEntryFiles, readEntryFile, type LibraryEntry, type LoadedEntry } from "./entries.ts";
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
 *
 * Nothing on a request's path reads the whole folder once the index exists:
 * - a registration of this process updates the index for the file it wrote (noteEntryWritten);
 * - a change made by someone else (a pull, a maintainer's edit) changes the folder's mtime: the
 *   next request lists the folder and reads only the files that appeared (one readdir);
 * - every REBUILD_MS a full re-read runs in the background, a few files per turn of the event
 *   loop, so an entry edited in place is seen soon without any request waiting for it;
 * - a hit is confirmed against the file as it is now, in constant time, and a miss is checked
 *   against the one entry registered at the caller's URL, so a stale index never lets a wrong
 *   secret in nor keeps the right one out.
 * `serve` builds the index at start (warmBearerIndex); otherwise the first Bearer builds it.
 */
interface FileKeys {
  digest?: string;
  url?: string;
  /** Upper case: how a Short Client Token names the library. */
  shortName?: string;
}

interface BearerIndex {
  folderMtimeMs: number;
  builtAt: number;
  files: Map<string, FileKeys>;
  byDigest: Map<string, string>;
  byUrl: Map<string, string>;
  byShortName: Map<string, string>;
  rebuilding: boolean;
}

const REBUILD_MS = 30_000;
/** Files read per turn of the event loop by the background re-read. */
const REBUILD_CHUNK = 100;
const indexes = new Map<string, BearerIndex>();

function folderMtime(dir: string): number {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return 0; /* no folder yet: an empty index */
  }
}

function keysOf(e: LoadedEntry | undefined): FileKeys | undefined {
  if (!e) return undefined;
  const digest = e.entry.shared_secret_sha256;
  return { digest: digest || undefined, url: e.entry.url, shortName: e.entry.short_name?.toUpperCase() };
}

function forget(index: BearerIndex, path: string) {
  const old = index.files.get(path);
  if (!old) return;
  index.files.delete(path);
  if (old.digest && index.byDigest.get(old.digest) === path) index.byDigest.delete(old.digest);
  if (old.url && index.byUrl.get(old.url) === path) index.byUrl.delete(old.url);
  if (old.shortName && index.byShortName.get(old.shortName) === path) index.byShortName.delete(old.shortName);
}

function remember(index: BearerIndex, path: string, keys: FileKeys | undefined) {
  forget(index, path);
  if (!keys) return;
  index.files.set(path, keys);
  if (keys.digest) index.byDigest.set(keys.digest, path);
  if (keys.url) index.byUrl.set(keys.url, path);
  if (keys.shortName) index.byShortName.set(keys.shortName, path);
}

/** Entry files the index has read since the process started (what a request costs, for tests). */
export let bearerIndexReads = 0;

function readKeys(path: string): FileKeys | undefined {
  bearerIndexReads++;
  return existsSync(path) ? keysOf(readEntryFile(path).loaded) : undefined;
}

function buildIndex(dir: string): BearerIndex {
  const folderMtimeMs = folderMtime(dir);
  const index: BearerIndex = { folderMtimeMs, builtAt: Date.now(), files: new Map(), byDigest: new Map(), byUrl: new Map(), byShortName: new Map(), rebuilding: false };
  for (const path of existsSync(dir) ? listEntryFiles(dir) : []) remember(index, resolve(path), readKeys(path));
  indexes.set(resolve(dir), index);
  return index;
}

/** Reads only the files that appeared or went since the index last saw the folder. */
function catchUp(dir: string, index: BearerIndex, mtime: number) {
  // One readdir; names are joined by hand, unsorted (sorting and resolving 10,000 paths costs
  // more than listing them).
  const abs = resolve(dir);
  let names: string[] = [];
  try {
    names = readdirSync(abs);
  } catch {
    /* the folder went: every entry with it */
  }
  const now = new Set<string>();
  for (const n of names) if (n.endsWith(".yaml") || n.endsWith(".yml")) now.add(`${abs}${sep}${n}`);
  for (const path of index.files.keys()) if (!now.has(path)) forget(index, path);
  for (const path of now) if (!index.files.has(path)) remember(index, path, readKeys(path));
  index.folderMtimeMs = mtime;
}

/** The full re-read, off the request path: REBUILD_CHUNK files per turn of the event loop. */
function rebuildInBackground(dir: string, index: BearerIndex) {
  if (index.rebuilding) return;
  index.rebuilding = true;
  const paths = existsSync(dir) ? listEntryFiles(dir).map((p) => resolve(p)) : [];
  const seen = new Set(paths);
  let i = 0;
  const step = () => {
    try {
      if (indexes.get(resolve(dir)) !== index) return; // replaced meanwhile
      for (const end = Math.min(i + REBUILD_CHUNK, paths.length); i < end; i++) remember(index, paths[i]!, readKeys(paths[i]!));
      if (i < paths.length) {
        setImmediate(step);
        return;
      }
      for (const path of [...index.files.keys()]) if (!seen.has(path) && !existsSync(path)) forget(index, path);
      index.builtAt = Date.now();
      index.rebuilding = false;
    } catch {
      index.rebuilding = false; // the next request tries again
    }
  };
  setImmediate(step);
}

function indexFor(dir: string): BearerIndex {
  const known = indexes.get(resolve(dir));
  if (!known) return buildIndex(dir);
  const mtime = folderMtime(dir);
  if (known.folderMtimeMs !== mtime) catchUp(dir, known, mtime);
  if (Date.now() - known.builtAt >= REBUILD_MS) rebuildInBackground(dir, known);
  return known;
}

/** Reads the folder's entries into the index now (serve calls it at start). */
export function warmBearerIndex(dir: string): void {
  buildIndex(dir);
}

/**
 * A registration wrote `path` (by rename, in this process): the index learns the entry without
 * reading it back. The folder's new mtime still makes the next request list the folder (one
 * readdir), so a change someone else made meanwhile is not missed.
 */
export function noteEntryWritten(path: string, entry: LibraryEntry | undefined): void {
  const index = indexes.get(dirname(resolve(path)));
  if (index) remember(index, resolve(path), entry ? keysOf({ entry } as LoadedEntry) : undefined);
}

function confirm(path: string | undefined, secret: string, url: string, privateKey: string | null, open: (sealed: string, privateKey: string) => string, index: BearerIndex): LoadedEntry | undefined {
  if (!path) return undefined;
  bearerIndexReads++;
  const loaded = existsSync(path) ? readEntryFile(path).loaded : undefined;
  remember(index, path, keysOf(loaded)); // the file as it is now, also for the next request
  return loaded ? findByBearer([loaded], secret, url, privateKey, open) : undefined;
}

/** The entry of `dir` whose secret is `secret` (see findByBearer), at O(1) cost per request. */
export function findByBearerIn(dir: string, secret: string, url: string, privateKey: string | null, open: (sealed: string, privateKey: string) => string = unseal): LoadedEntry | undefined {
  const index = indexFor(dir);
  const byDigest = index.byDigest.get(secretDigest(secret));
  const hit = confirm(byDigest, secret, url, privateKey, open, index);
  if (hit) return hit;
  // The entry at the caller's URL, read as it is now (a secret rotated by someone else since the
  // index last read it, or one sealed before digests existed).
  const atUrl = index.byUrl.get(url);
  return atUrl && atUrl !== byDigest ? confirm(atUrl, secret, url, privateKey, open, index) : undefined;
}

/**
 * The entry whose short name is `shortNameUpper` (a Short Client Token's library), read as it is
 * now, through the same index: a lookup costs one map hit and one file read, never the folder.
 */
export function findByShortName(dir: string, shortNameUpper: string): LoadedEntry | undefined {
  const index = indexFor(dir);
  const path = index.byShortName.get(shortNameUpper);
  if (!path) return undefined;
  bearerIndexReads++;
  const loaded = existsSync(path) ? readEntryFile(path).loaded : undefined;
  remember(index, path, keysOf(loaded));
  return loaded?.entry.short_name?.toUpperCase() === shortNameUpper ? loaded : undefined;
}

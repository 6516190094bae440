// A small on-disk HTTP cache for the build, which re-reads every library's auth document: a
// rebuild within maxAgeSeconds makes no request at all, and a stale copy is revalidated with
// If-None-Match / If-Modified-Since so an unchanged document costs a 304.
// Why not @11ty/eleventy-fetch (the issue allows it "or equivalent"; this is the equivalent): it throws on any
// non-2xx, so the caller cannot tell a 404 from a 500 (the same loss as B1), and it follows
// redirects invisibly, so the final URL the checks need (B5) is gone. It also fetches with the
// global fetch, outside safeFetch's address checks and size caps.
// The handshake never uses this cache: registering must see the document as it is now.
import { createHash } from "node:crypto";
import { tempToken } from "./temp-token.ts";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { safeFetch, type FetchedResponse, type FetchPolicy } from "./safe-fetch.ts";

export interface CacheOptions {
  cacheDir: string;
  maxAgeSeconds: number;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
  fetcher?: typeof safeFetch;
  /**
   * Stores an entry: `data` goes to `temp`, then is renamed to `file` (the build hands this to its
   * background writer, having made `cacheDir`). By default it is written here and now.
   */
  store?: (file: string, temp: string, data: Uint8Array) => void;
  /**
   * The cache folder's files as listed when the build began (and stored since): a URL not in it
   * is a miss without trying to open its file. A cold build's ten thousands of first fetches
   * otherwise each pay a failed open in a folder another thread is filling.
   */
  listing?: CacheListing;
}

/** The names of a cache folder's files: listed once, kept up to date with what is stored through it. */
export class CacheListing {
  readonly #files: Set<string>;
  constructor(readonly dir: string) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      /* no cache yet */
    }
    this.#files = new Set(names.filter((n) => n.endsWith(".cache")).map((n) => join(dir, n)));
  }
  has(file: string): boolean {
    return this.#files.has(file);
  }
  add(file: string): void {
    this.#files.add(file);
  }
}

export interface CachedFetch {
  response: FetchedResponse;
  /** True when the body came from disk: fresh, or revalidated by a 304. */
  fromCache: boolean;
}

interface Meta {
  v: 1;
  url: string;
  finalUrl: string;
  status: number;
  headers: [string, string][];
  redirects: string[];
  storedAt: number;
}

/** One file per URL: a JSON line (the metadata) then the raw body, so a hit is one read. */
export function cacheFile(cacheDir: string, url: string): string {
  return join(cacheDir, createHash("sha256").update(url).digest("hex") + ".cache");
}

export async function cachedFetch(url: string, policy: FetchPolicy, opts: CacheOptions): Promise<CachedFetch> {
  const now = opts.now ?? Date.now;
  const file = cacheFile(opts.cacheDir, url);
  const cached = opts.listing && !opts.listing.has(file) ? null : readEntry(file, url);
  if (cached && now() - cached.meta.storedAt < opts.maxAgeSeconds * 1000) {
    return { response: toResponse(cached.meta, cached.body), fromCache: true };
  }
  const conditional: Record<string, string> = {};
  if (cached) {
    const h = new Headers(cached.meta.headers);
    const etag = h.get("etag");
    const lastModified = h.get("last-modified");
    if (etag) conditional["if-none-match"] = etag;
    if (lastModified) conditional["if-modified-since"] = lastModified;
  }
  const response = await (opts.fetcher ?? safeFetch)(url, policy, { headers: conditional });
  if (response.status === 304 && cached) {
    // Still valid: the stored copy starts a new maxAge, with any validators the 304 updated.
    const merged = new Headers(cached.meta.headers);
    for (const name of ["etag", "last-modified", "cache-control", "expires"]) {
      const v = response.headers.get(name);
      if (v !== null) merged.set(name, v);
    }
    const meta: Meta = { ...cached.meta, headers: [...merged], storedAt: now() };
    writeEntry(opts, file, meta, cached.body);
    return { response: toResponse(meta, cached.body), fromCache: true };
  }
  if (response.status >= 200 && response.status < 300) {
    const meta: Meta = {
      v: 1,
      url,
      finalUrl: response.url,
      status: response.status,
      headers: [...response.headers],
      redirects: response.redirects,
      storedAt: now(),
    };
    writeEntry(opts, file, meta, response.body);
  }
  // Anything else (404, 5xx) is returned, never stored; an older 2xx copy stays for next time.
  return { response, fromCache: false };
}

// Synchronous reads on purpose: a hit is a few kilobytes, and the async API's four thread-pool
// round trips per file made 10,000 hits about eight times slower (2.3 s against 0.28 s).
function readEntry(file: string, url: string): { meta: Meta; body: Uint8Array } | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  const nl = data.indexOf(0x0a);
  if (nl < 0) return null;
  try {
    const meta = JSON.parse(data.subarray(0, nl).toString("utf8")) as Meta;
    if (meta.v !== 1 || meta.url !== url) return null;
    return { meta, body: data.subarray(nl + 1) };
  } catch {
    return null; // a damaged entry is a miss, and the next store replaces it
  }
}

function writeEntry(opts: CacheOptions, file: string, meta: Meta, body: Uint8Array): void {
  // a caller with its own store makes the folder once (the build), not once per entry
  if (!opts.store) mkdirSync(opts.cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${tempToken()}.tmp`;
  // JSON.stringify escapes newlines inside strings, so the first 0x0a ends the metadata.
  const data = Buffer.concat([Buffer.from(JSON.stringify(meta) + "\n", "utf8"), body]);
  opts.listing?.add(file);
  if (opts.store) {
    opts.store(file, tmp, data);
    return;
  }
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file); // atomic: a reader sees the old entry or the new one, never half
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function toResponse(meta: Meta, body: Uint8Array): FetchedResponse {
  const headers = new Headers(meta.headers);
  return {
    url: meta.finalUrl,
    status: meta.status,
    headers,
    contentType: headers.get("content-type"),
    body,
    redirects: [...meta.redirects],
  };
}

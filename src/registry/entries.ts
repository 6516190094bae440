// libraries/<slug>.yaml: the registry's records, one file per library. Loading reports every
// error of every file (one broken file never hides another's), each as `file:line:column`.
import { readdirSync, readFileSync, existsSync, statSync, mkdirSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { Ajv } from "ajv";
import { objectMembers, writeJsonFile } from "./json-file.ts";
import { createHash } from "node:crypto";
import { libraryEntrySchema as schema, type LibraryEntry, type Snapshot } from "./schemas/library-entry.schema.ts";
import { MAX_ENTRY_BYTES, ajvErrorsToSource, decodeEntryBytes, entryTooLarge, parseYamlSource, positionOf, type SourceError } from "./yaml-source.ts";

export type { LibraryEntry, Snapshot };

export interface LoadedEntry {
  slug: string;
  /** Path as shown in messages (relative to the working directory). */
  file: string;
  path: string;
  entry: LibraryEntry;
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateEntry = ajv.compile<LibraryEntry>(schema);

const HINTS: Record<string, string> = {
  id: "must be urn:uuid: followed by a lowercase UUID, assigned once (e.g. the output of `node -e \"console.log('urn:uuid:'+crypto.randomUUID())\"`)",
  url: "must be the http(s) URL of the library's Authentication for OPDS document",
  short_name: "must be 1 to 10 uppercase letters or digits",
  shared_secret: "must be sealed (sealed:v1:…): a plaintext secret must never be committed; run `registry register` to issue one",
  contact: "must be sealed (sealed:v1:…): a contact address must never be committed in plaintext; run `registry register --contact` to store one",
  library_stage: "add `library_stage: testing` (or production, as the library asked)",
  registry_stage: "add `registry_stage: testing`; a maintainer sets production to approve",
  created: "must be an RFC 3339 instant in UTC without fraction, e.g. 2026-01-31T12:00:00Z",
  updated: "must be an RFC 3339 instant in UTC without fraction, e.g. 2026-01-31T12:00:00Z",
  "snapshot.logo.href":
    "must be the logo's http(s) URL: a snapshot keeps no data: URI (the image is libraries/logos/<logo_png>.png); delete the logo lines and run `registry build --update-snapshots` to convert it",
  "snapshot.logo_png": "must be the 32-hex-digit hash of a file in libraries/logos/ (written by `registry register` or `registry build --update-snapshots`)",
};

export function listEntryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".yaml") || n.endsWith(".yml"))
    .sort()
    .map((n) => join(dir, n));
}

type ReadResult = { loaded?: LoadedEntry; errors: SourceError[] };
// A registry of thousands of entries is re-read on every registration; a file whose size,
// modification time and inode did not change is not parsed again. Kept by the file's full path,
// with the working folder its messages name it from (`cwd`): a process started elsewhere (a
// `registry serve` run from another folder than the builds) takes the same reading, its names
// rebased. Results are shared: treat them as read-only.
type CacheItem = { stamp: string; cwd: string; result: ReadResult };
const readCache = new Map<string, CacheItem>();

/** Parses and validates one file; errors name its line and column. */
export function readEntryFile(path: string, cwd = process.cwd(), stats?: Stats): ReadResult {
  // a file that cannot be stat'ed has no stamp: its error comes from the read below
  const stamp = (stats ? stampOf(stats) : entryFileStamp(path)) ?? "";
  const key = cacheKey(path);
  const cached = stamp ? readCache.get(key) : undefined;
  if (cached && cached.stamp === stamp) {
    if (cached.cwd === cwd) return cached.result;
    const rebased = rebase(cached, key, cwd);
    readCache.set(key, rebased);
    return rebased.result;
  }
  const result = readEntryFileUncached(path, cwd);
  if (stamp) readCache.set(key, { stamp, cwd, result });
  return result;
}

/**
 * The file itself, wherever it is named from (`cwd` only names it in messages). The folders'
 * listings give full paths already: resolving each again cost a registration into 10,000 entries
 * about 3 ms.
 */
const cacheKey = (path: string) => (isAbsolute(path) ? path : resolve(path));

/** A reading made from another working folder, its file named from `cwd` instead. */
function rebase(item: CacheItem, path: string, cwd: string): CacheItem {
  const was = relative(item.cwd, path) || path;
  const file = relative(cwd, path) || path;
  const { loaded, errors } = item.result;
  return {
    stamp: item.stamp,
    cwd,
    result: { ...(loaded ? { loaded: { ...loaded, file } } : {}), errors: errors.map((e) => (e.file === was ? { ...e, file } : e)) },
  };
}

/** What the parse cache compares to know a file unchanged: size, modification time, inode. */
export function entryFileStamp(path: string): string | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? stampOf(st) : undefined;
}

const stampOf = (st: Stats) => `${st.size}:${st.mtimeMs}:${st.ino}`;

/**
 * After the build wrote `entry` to `path` (as loadEntries names it: `<dir>/<slug>.yaml`; rendered by renderEntry, which round-trips): the parse
 * cache takes it as that file's reading, so the next load does not parse thousands of files it
 * has just written. Only an entry that passes the same checks a read would is remembered; any
 * other is parsed, and its errors reported, by the next load.
 */
export function rememberWrittenEntry(path: string, entry: LibraryEntry, cwd = process.cwd()): boolean {
  const stamp = entryFileStamp(path);
  const name = basename(path);
  const slug = name.replace(/\.yaml$/, "");
  if (!stamp || !name.endsWith(".yaml") || !SLUG_PATTERN.test(slug)) return false;
  // what YAML gives back: plain data, no undefined members
  const value = JSON.parse(JSON.stringify(entry)) as LibraryEntry;
  if (!validateEntry(value)) return false;
  if (value.snapshot && value.snapshot.id !== undefined && value.snapshot.id !== value.url) return false;
  const file = relative(cwd, path) || path;
  readCache.set(cacheKey(path), { stamp, cwd, result: { loaded: { slug, file, path: resolve(path), entry: value }, errors: [] } });
  return true;
}

/** Keeps the parse cache in `cacheFile` (as loadEntries does after a load). */
export function saveEntriesCache(cacheFile: string): void {
  saveReadCache(cacheFile);
}

function readEntryFileUncached(path: string, cwd: string): ReadResult {
  const file = relative(cwd, path) || path;
  const name = basename(path);
  const slug = name.replace(/\.ya?ml$/, "");
  const errors: SourceError[] = [];
  if (name.endsWith(".yml")) errors.push({ file, line: 1, column: 1, message: `rename to ${slug}.yaml: entries end in .yaml` });
  if (!SLUG_PATTERN.test(slug)) {
    errors.push({ file, line: 1, column: 1, message: `file name '${name}' must be a slug: lowercase letters, digits and dashes, e.g. springfield-public-library.yaml` });
  }
  let bytes: Buffer;
  try {
    // a 40 MB file is refused by its size, never read whole
    const size = statSync(path).size;
    if (size > MAX_ENTRY_BYTES) return { errors: [...errors, entryTooLarge(file, size)] };
    bytes = readFileSync(path);
  } catch (err) {
    return { errors: [...errors, { file, line: 1, column: 1, message: `cannot read: ${(err as Error).message}` }] };
  }
  const decoded = decodeEntryBytes(file, bytes);
  if (decoded.error) return { errors: [...errors, decoded.error] };
  const text = decoded.text!;
  const { parsed, errors: syntax } = parseYamlSource(file, text);
  if (!parsed) return { errors: [...errors, ...syntax] };
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    return { errors: [...errors, { file, line: 1, column: 1, message: "an entry must be a map of keys (id, url, library_stage, registry_stage, …)" }] };
  }
  if (!validateEntry(parsed.value)) errors.push(...ajvErrorsToSource(parsed, validateEntry.errors, HINTS));
  const entry = parsed.value as LibraryEntry;
  if (entry.snapshot && typeof entry.url === "string" && entry.snapshot.id !== undefined && entry.snapshot.id !== entry.url) {
    const pos = positionOf(parsed, ["snapshot", "id"]);
    errors.push({ file, ...pos, message: `snapshot.id (${entry.snapshot.id}) differs from url (${entry.url}): the snapshot belongs to another document; delete the snapshot` });
  }
  if (errors.length) return { errors };
  return { loaded: { slug, file, path: resolve(path), entry }, errors: [] };
}

/** Where a build keeps the parse cache of `libraries/` (beside its HTTP cache folder). */
export const entriesCacheFile = (cacheDir: string): string => join(dirname(cacheDir), "entries.json");

/**
 * Loads every entry of `dir` (or the given files) and checks what no single file can:
 * duplicate `id`, `url` and `short_name` across files.
 */
export function loadEntries(
  dir: string,
  opts: {
    files?: string[];
    cwd?: string;
    /** The parse cache kept between processes (the build's `entries.json`): read once per process. */
    cacheFile?: string;
    /** Write the parse cache back (default true; a registration reads the build's and leaves it be). */
    saveCache?: boolean;
  } = {},
): { entries: LoadedEntry[]; errors: SourceError[] } {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.cacheFile) loadReadCache(opts.cacheFile);
  const paths = opts.files?.length ? opts.files.map((f) => resolve(cwd, f)) : listEntryFiles(dir);
  const entries: LoadedEntry[] = [];
  const errors: SourceError[] = [];
  for (const p of paths) {
    // one stat per file (a registration re-reads a folder of thousands): it also stamps the cache
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      errors.push({ file: relative(cwd, p), line: 1, column: 1, message: "is a folder; name .yaml files" });
      continue;
    }
    const r = readEntryFile(p, cwd, st);
    if (r.loaded) entries.push(r.loaded);
    errors.push(...r.errors);
  }
  // When checking some files only, the others still count for duplicates.
  const others = opts.files?.length ? listEntryFiles(dir).filter((p) => !paths.includes(resolve(p))) : [];
  const context = others.map((p) => readEntryFile(p, cwd).loaded).filter((x): x is LoadedEntry => !!x);
  errors.push(...findDuplicates(entries, context));
  if (opts.cacheFile && opts.saveCache !== false) saveReadCache(opts.cacheFile);
  return { entries, errors };
}

// The parse cache can also persist between processes (a build's `.cache/`): a warm build of
// thousands of entries then reads one JSON file instead of parsing every YAML file again.
const loadedCaches = new Set<string>();
function loadReadCache(file: string) {
  if (loadedCaches.has(file)) return;
  loadedCaches.add(file);
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: string; files: Record<string, CacheItem> };
    if (saved.version !== CACHE_VERSION) return;
    for (const [path, item] of Object.entries(saved.files)) if (!readCache.has(path)) readCache.set(path, item);
  } catch {
    /* no cache yet, or an unreadable one: parse everything */
  }
}
function saveReadCache(file: string) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeJsonFile(file, { version: CACHE_VERSION }, "files", "object", objectMembers(readCache));
  } catch {
    /* a cache that cannot be written only costs time */
  }
}
// Changes with the entry schema, so no verdict of an older schema is reused.
const CACHE_VERSION = createHash("sha256").update(JSON.stringify(schema)).update("checks-v2").digest("hex");

function findDuplicates(entries: LoadedEntry[], context: LoadedEntry[]): SourceError[] {
  const errors: SourceError[] = [];
  const keys: { key: "id" | "url" | "short_name"; fix: string }[] = [
    { key: "id", fix: "every library needs its own id; give this one a new urn:uuid" },
    { key: "url", fix: "a library is registered once; merge the two files" },
    { key: "short_name", fix: "short names are unique; remove this one and re-register to get a new one" },
  ];
  for (const { key, fix } of keys) {
    const first = new Map<string, LoadedEntry>();
    for (const e of [...context, ...entries]) {
      const v = e.entry[key];
      if (typeof v !== "string") continue;
      const norm = key === "short_name" ? v.toUpperCase() : v;
      const prior = first.get(norm);
      if (!prior) {
        first.set(norm, e);
        continue;
      }
      if (!entries.includes(e)) continue;
      const pos = positionInFile(e, [key]);
      const ppos = positionInFile(prior, [key]);
      errors.push({ file: e.file, ...pos, message: `duplicate ${key} ${v}: already used by ${prior.file}:${ppos.line}:${ppos.column}; ${fix}` });
    }
  }
  return errors;
}

/**
 * Where `path` is in an entry's file. The YAML syntax tree is not kept after loading (thousands of
 * them would dominate a build's memory), so the rare error that needs a position parses again.
 */
function positionInFile(e: LoadedEntry, path: string[]): { line: number; column: number } {
  try {
    const { parsed } = parseYamlSource(e.file, readFileSync(e.path, "utf8"));
    if (parsed) return positionOf(parsed, path);
  } catch {
    /* fall through */
  }
  return { line: 1, column: 1 };
}

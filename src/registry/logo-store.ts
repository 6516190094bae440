// Where converted logos live, one PNG per content hash: `libraries/logos/<hash>.png` holds the
// ones the snapshots refer to (committed, so an offline build republishes every logo, and a pull
// request shows a new logo as an image), and the build's cache folder holds the rest. A map from
// each source's hash to its result means an unchanged logo is converted once, not every build.
import { createHash } from "node:crypto";
import { tempPathFor } from "../net/temp-token.ts";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, constants } from "node:fs";
import { join } from "node:path";
import { convertLogo } from "./logo-image.ts";

export const LOGO_FILE = /^([0-9a-f]{32})\.png$/;

export type LogoResult = { ok: true; hash: string } | { ok: false; reason: string };

export interface LogoStoreOptions {
  /** `libraries/logos`: the committed PNGs. */
  committedDir: string;
  /** The build's own folder for conversions not (yet) committed, and the source index. */
  cacheDir: string;
  /**
   * Sources the index remembers (default 20,000, twice a large directory's logos): a registration
   * converts a stranger's logo before it is accepted, so the oldest are forgotten past this, with
   * their cached PNGs, and the cache cannot grow without bound.
   */
  maxSources?: number;
  /**
   * Hashes committed where this process cannot see them (the GitHub refresh reads the base
   * branch's libraries/logos/ listing, not its files): counted as committed, so a snapshot keeps
   * them and no pull request adds them again.
   */
  committedElsewhere?: Iterable<string>;
  /**
   * Writes a converted PNG (`data` to `temp`, renamed to `path`): the build hands this to its
   * background writer and flushes it before publishing. By default written here and now.
   */
  write?: (path: string, temp: string, data: Uint8Array) => void;
}


function writeAtomic(path: string, data: Uint8Array | string, temp = tempPathFor(path)) {
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

function listHashes(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).flatMap((name) => LOGO_FILE.exec(name)?.[1] ?? []));
}

/** What publishes logos for the build (its background writer). */
export interface LogoPublisher {
  copy(existing: string, path: string): void;
  publishLogo(source: string, previous: string, hash: string, path: string): void;
}

export class LogoStore {
  readonly #committed: Set<string>;
  readonly #cached: Set<string>;
  readonly #sources = new Map<string, LogoResult>();
  readonly #inFlight = new Map<string, Promise<LogoResult>>();
  #dirty = false;
  #madeCacheDir = false;

  constructor(readonly opts: LogoStoreOptions) {
    this.#committed = listHashes(opts.committedDir);
    for (const hash of opts.committedElsewhere ?? []) this.#committed.add(hash);
    this.#cached = listHashes(opts.cacheDir);
    try {
      const index = JSON.parse(readFileSync(this.#indexFile, "utf8")) as Record<string, LogoResult>;
      for (const [k, v] of Object.entries(index)) this.#sources.set(k, v);
    } catch {
      /* no index yet, or an unreadable one: conversions are redone */
    }
  }

  get #indexFile() {
    return join(this.opts.cacheDir, "sources.json");
  }

  /** The converted logo for these source bytes: from the index when known and still on disk. */
  convert(bytes: Uint8Array): Promise<LogoResult> {
    const key = createHash("sha256").update(bytes).digest("hex");
    const known = this.#sources.get(key);
    if (known && (!known.ok || this.path(known.hash))) return Promise.resolve(known);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#convert(key, bytes).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #convert(key: string, bytes: Uint8Array): Promise<LogoResult> {
    const converted = await convertLogo(bytes);
    let result: LogoResult;
    if (converted.ok) {
      if (!this.path(converted.hash)) {
        if (!this.#madeCacheDir) mkdirSync(this.opts.cacheDir, { recursive: true });
        this.#madeCacheDir = true;
        const file = join(this.opts.cacheDir, `${converted.hash}.png`);
        if (this.opts.write) this.opts.write(file, tempPathFor(file), converted.png);
        else writeAtomic(file, converted.png);
        this.#cached.add(converted.hash);
      }
      result = { ok: true, hash: converted.hash };
    } else result = { ok: false, reason: converted.reason };
    this.#sources.set(key, result);
    this.#dirty = true;
    return result;
  }

  /** The file of a converted logo, committed first; undefined when neither folder has it. */
  path(hash: string): string | undefined {
    if (this.#committed.has(hash)) return join(this.opts.committedDir, `${hash}.png`);
    if (this.#cached.has(hash)) return join(this.opts.cacheDir, `${hash}.png`);
    return undefined;
  }

  /**
   * Puts one converted logo into `libraries/logos` (a registration's new logo): copied from the
   * cache, or with `move` moved out of it (a rename: the build's commit of thousands of logos).
   */
  keep(hash: string, opts: { move?: boolean } = {}): boolean {
    if (this.#committed.has(hash)) return true;
    const from = this.path(hash);
    if (!from) return false;
    mkdirSync(this.opts.committedDir, { recursive: true });
    const to = join(this.opts.committedDir, `${hash}.png`);
    let moved = false;
    if (opts.move) {
      try {
        renameSync(from, to);
        moved = true;
      } catch {
        /* another file system (EXDEV): copied below */
      }
    }
    if (moved) this.#cached.delete(hash);
    else copyFileSync(from, to);
    this.#committed.add(hash);
    return true;
  }

  /**
   * Makes `libraries/logos` hold exactly the logos the snapshots refer to: missing ones moved in
   * from the cache, ones no snapshot names any more removed (other files are left alone).
   */
  commit(referenced: Iterable<string>): { added: number; removed: number } {
    const wanted = new Set(referenced);
    let added = 0;
    let removed = 0;
    for (const hash of wanted) {
      if (this.#committed.has(hash)) continue;
      if (this.keep(hash, { move: true })) added++;
    }
    for (const hash of [...this.#committed]) {
      if (wanted.has(hash)) continue;
      rmSync(join(this.opts.committedDir, `${hash}.png`), { force: true });
      this.#committed.delete(hash);
      removed++;
    }
    return { added, removed };
  }

  /**
   * Copies a logo into a published folder (a reflink where the file system offers one). Never a
   * hard link to libraries/logos/ or the cache: a deploy step that optimizes dist/'s images in
   * place would then rewrite the committed file too. With `out` the build's writer does it, and
   * with `previousDir` (the dist/ being replaced) it links that copy instead when its bytes still
   * hash to its name.
   */
  publish(hash: string, dir: string, opts: { out?: LogoPublisher; previousDir?: string } = {}): boolean {
    const from = this.path(hash);
    if (!from) return false;
    const to = join(dir, `${hash}.png`);
    // The dist/ being replaced has it (checked by the writer against its name): a link there is
    // as safe as a copy, and costs no new file.
    if (opts.out && opts.previousDir) opts.out.publishLogo(from, join(opts.previousDir, `${hash}.png`), hash, to);
    else if (opts.out) opts.out.copy(from, to);
    else copyFileSync(from, to, constants.COPYFILE_FICLONE);
    return true;
  }

  /** Keeps the source index for the next build (the newest maxSources of it). */
  save(): void {
    if (!this.#dirty) return;
    const max = this.opts.maxSources ?? 20_000;
    if (this.#sources.size > max) {
      for (const key of [...this.#sources.keys()].slice(0, this.#sources.size - max)) this.#sources.delete(key);
      const kept = new Set([...this.#sources.values()].flatMap((r) => (r.ok ? [r.hash] : [])));
      for (const hash of [...this.#cached]) {
        if (kept.has(hash)) continue;
        rmSync(join(this.opts.cacheDir, `${hash}.png`), { force: true });
        this.#cached.delete(hash);
      }
    }
    mkdirSync(this.opts.cacheDir, { recursive: true });
    writeAtomic(this.#indexFile, JSON.stringify(Object.fromEntries(this.#sources)));
    this.#dirty = false;
  }
}

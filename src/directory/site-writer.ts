// Writes the machine-readable files of dist/ as the builders produce them, one at a time, so a
// build never holds all of dist/ in memory. Files that are byte for byte the same (a state's
// GeoJSON named by hundreds of libraries, a crawl series' `end` page) are written once and hard
// linked: one file's bytes on disk and one leak check, however many paths serve it.
// Every text passes the leak guard before it is written: a whole file, or, for a feed the
// FeedSerializer assembled, the pieces it showed to `check` (each entry once).
//
// With `previous` (the dist/ being replaced, and the manifest the last build left of it: each
// file's SHA-256 and what its stat said, src/build/output-manifest.ts), a file whose text has not
// changed is hard linked from there instead of written. A file whose size, inode or modification
// time differs from the manifest is never reused.
import { closeSync, copyFileSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { findLeaks, type Leak } from "../registry/leak-guard.ts";
import type { SiteFile } from "./site-map.ts";
import { unchanged, type OutputManifest } from "../build/output-manifest.ts";
import type { BackgroundWriter } from "../build/background-writer.ts";

export interface PreviousOutput {
  /** The dist/ this build replaces (still in place while the new one is written). */
  dir: string;
  /** What the last build wrote there. */
  manifest: OutputManifest;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");

export class SiteWriter {
  readonly leaks: Leak[] = [];
  files = 0;
  readonly #dirs = new Set<string>();
  // the first file written of each sharedKey (the AreaSerializer's key: what its features are made of), not the
  // text, which would keep every distinct area's GeoJSON alive to the end of the build, nor its
  // SHA-256, which cost the main thread a second of hashing at 10,000 libraries
  readonly #shared = new Map<string, string>();
  /**
   * The SHA-256 of each machine file's text, by path: for the next build's manifest. With a
   * background writer, a file the last build did not have is hashed there instead (its
   * `writtenHashes`, complete once it is flushed).
   */
  readonly hashes = new Map<string, string>();

  constructor(
    readonly root: string,
    readonly previous?: PreviousOutput,
    /** Where the bytes go: a worker thread (the build), or written here and now when absent. */
    readonly out?: BackgroundWriter,
  ) {}

  /** Waits while the background writer holds too much: call it between files. */
  async ready(): Promise<void> {
    await this.out?.ready();
  }

  /** The leak guard over one text (a piece of a feed, a page Eleventy rendered, a report). */
  check(text: string, where: string): void {
    // dist/ holds no sealed value either: one there would be a leak waiting for the key.
    for (const l of findLeaks(text, where, { allowSealed: false })) this.leaks.push(l);
  }

  write(f: SiteFile): void {
    const target = join(this.root, f.path);
    this.#mkdir(dirname(target));
    if (f.sameAs !== undefined) {
      this.#link(join(this.root, f.sameAs), target);
      return;
    }
    const first = f.sharedKey === undefined ? undefined : this.#shared.get(f.sharedKey);
    if (first !== undefined) {
      this.#link(first, target);
      return;
    }
    if (f.sharedKey !== undefined) this.#shared.set(f.sharedKey, target);
    this.files++;
    // A file the last build did not write cannot be linked from it, whatever its hash: the
    // background writer hashes what it writes instead (into its writtenHashes, by path), from the
    // UTF-8 it makes anyway, on its own core. Only a file that might be reused is hashed here.
    const hashLater = !!this.out && !this.previous?.manifest.files[f.path];
    if (f.chunks) {
      // A large feed, written piece by piece as it is hashed (its pieces were checked as they
      // were made): never one string, nor all its pieces at once. Same text as before: the old
      // file is linked in its place.
      const h = createHash("sha256");
      const out = this.out;
      if (out && hashLater) {
        out.openFile(target, f.path);
        for (const p of f.chunks()) out.appendFile(target, p);
        out.closeFile(target);
        return;
      }
      if (out) {
        out.openFile(target);
        for (const p of f.chunks()) {
          h.update(p);
          out.appendFile(target, p);
        }
        out.closeFile(target);
      } else {
        const fd = openSync(target, "w");
        try {
          for (const p of f.chunks()) {
            h.update(p);
            writeSync(fd, p);
          }
        } finally {
          closeSync(fd);
        }
      }
      const hash = h.digest("base64");
      this.hashes.set(f.path, hash);
      if (this.#canReuse(f.path, hash)) {
        // the old file takes the new one's place in one rename; if it cannot, the new one stays
        const tmp = `${target}.${process.pid}.link`;
        if (out) {
          out.replaceWithLink(join(this.previous!.dir, f.path), target, tmp);
          return;
        }
        try {
          linkSync(join(this.previous!.dir, f.path), tmp);
          renameSync(tmp, target);
        } catch {
          rmSync(tmp, { force: true });
        }
      }
      return;
    }
    if (!f.assembled) this.check(f.body, f.path);
    if (hashLater) {
      this.out!.write(target, f.body, f.path);
      return;
    }
    const hash = sha256(f.body);
    this.hashes.set(f.path, hash);
    if (this.#reuse(f.path, hash, target)) return;
    if (this.out) this.out.write(target, f.body);
    else writeFileSync(target, f.body);
  }

  /**
   * Links `path` from the previous dist/ when the manifest gives it the same hash (for a page,
   * the hash of what it is rendered from) and the file is still the one described there.
   */
  reuse(path: string, hash: string): boolean {
    this.hashes.set(path, hash);
    const target = join(this.root, path);
    this.#mkdir(dirname(target));
    if (!this.#reuse(path, hash, target)) return false;
    this.files++;
    return true;
  }

  #canReuse(path: string, hash: string): boolean {
    const was = this.previous?.manifest.files[path];
    return !!was && was[0] === hash && unchanged(join(this.previous!.dir, path), was);
  }

  #reuse(path: string, hash: string, target: string): boolean {
    if (!this.#canReuse(path, hash)) return false;
    try {
      linkSync(join(this.previous!.dir, path), target);
    } catch {
      return false;
    }
    return true;
  }

  #link(existing: string, target: string) {
    this.files++;
    if (this.out) {
      // in order after the write of `existing`; the worker copies where links fail
      this.out.link(existing, target);
      return;
    }
    try {
      linkSync(existing, target);
    } catch {
      // a file system without hard links: a copy
      copyFileSync(existing, target);
    }
  }

  #mkdir(dir: string) {
    if (this.#dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.#dirs.add(dir);
  }
}

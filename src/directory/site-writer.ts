// Writes the machine-readable files of dist/ as the builders produce them, one at a time, so a
// build never holds all of dist/ in memory. Files that are byte for byte the same (a state's
// GeoJSON named by hundreds of libraries, a crawl series' `end` page) are written once and hard
// linked: one file's bytes on disk and one leak check, however many paths serve it.
// Every text passes the leak guard before it is written: a whole file, or, for a feed the
// FeedSerializer assembled, the pieces it showed to `checkPiece` (each entry once).
import { closeSync, copyFileSync, linkSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { findLeaks, type Leak } from "../registry/leak-guard.ts";
import type { SiteFile } from "./site-map.ts";

export class SiteWriter {
  readonly leaks: Leak[] = [];
  files = 0;
  bytes = 0;
  readonly #dirs = new Set<string>();
  // by the text itself: the AreaSerializer hands out one string per distinct area
  readonly #shared = new Map<string, string>();

  constructor(readonly root: string) {}

  /** The leak guard over one text (a piece of a feed, a page Eleventy rendered, a report). */
  check(text: string, where: string): void {
    // dist/ holds no sealed value either: one there would be a leak waiting for the key.
    for (const l of findLeaks(text, where, { allowSealed: false })) this.leaks.push(l);
  }

  write(f: SiteFile): void {
    const target = join(this.root, f.path);
    this.#mkdir(dirname(target));
    if (f.sameAs !== undefined) {
      this.#link(join(this.root, f.sameAs), target, f);
      return;
    }
    const first = f.shared ? this.#shared.get(f.body) : undefined;
    if (first !== undefined) {
      this.#link(first, target, f);
      return;
    }
    if (f.chunks) {
      // a large feed, written piece by piece (its pieces were checked as they were made)
      const fd = openSync(target, "w");
      try {
        for (const piece of f.chunks()) {
          writeSync(fd, piece);
          this.bytes += Buffer.byteLength(piece);
        }
      } finally {
        closeSync(fd);
      }
      this.files++;
      return;
    }
    if (!f.assembled) this.check(f.body, f.path);
    writeFileSync(target, f.body);
    if (f.shared) this.#shared.set(f.body, target);
    this.files++;
    this.bytes += Buffer.byteLength(f.body);
  }

  #link(existing: string, target: string, f: SiteFile) {
    try {
      linkSync(existing, target);
    } catch {
      // a file system without hard links: a copy
      copyFileSync(existing, target);
    }
    this.files++;
  }

  #mkdir(dir: string) {
    if (this.#dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.#dirs.add(dir);
  }
}

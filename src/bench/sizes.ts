// Sizes the bench reports: a folder's bytes, the production feed per library (compact and
// gzipped, what a phone downloads), and how many data: images are left in dist/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export function folderSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) {
      const sub = folderSize(p);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += s.size;
      files++;
    }
  }
  return { bytes, files };
}

export function feedSize(path: string): { libraries: number; bytes: number; gzipped: number; compact: number } {
  const text = readFileSync(path);
  const feed = JSON.parse(text.toString("utf8")) as { catalogs: unknown[] };
  const compact = Buffer.byteLength(JSON.stringify(feed));
  return { libraries: feed.catalogs.length, bytes: text.length, compact, gzipped: gzipSync(text).length };
}

/** Occurrences of `data:image` in every file under dir. */
export function countDataImages(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) n += countDataImages(p);
    else {
      const text = readFileSync(p, "latin1");
      for (let k = text.indexOf("data:image"); k !== -1; k = text.indexOf("data:image", k + 10)) n++;
    }
  }
  return n;
}

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

// What the last build left in dist/: for every file its path, the SHA-256 of its text (machine
// files; null for pages and logos) and what its stat said, plus the fingerprint of everything the
// output was made from (the libraries as listed, the directory's configuration, the code and its
// dependencies). Kept in .cache/dist-manifest.json.
//
// A build whose fingerprint is the same as the last one's keeps the previous dist/ as it is when
// every file there is still the one the manifest describes and there is no other (only its report
// is new), or links those files into its new folder (leaving the others behind) instead of
// rendering it; otherwise the writer links each unchanged machine file by its hash.
import { createHash } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { objectMembers, writeJsonFile } from "../registry/json-file.ts";
import { fileURLToPath } from "node:url";

/** [SHA-256 of the text or null, size, inode, mtime in ms]. */
export type ManifestEntry = [string | null, number, number, number];

export interface OutputManifest {
  fingerprint: string;
  files: Record<string, ManifestEntry>;
}

/** Files that are new every build, never linked from the previous output. */
export const ALWAYS_WRITTEN = new Set(["build-report.json"]);

export function readManifest(file: string): OutputManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(file, "utf8")) as OutputManifest;
    return typeof m.fingerprint === "string" && m.files && typeof m.files === "object" ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Records every file of a finished output folder (hashes as the writer computed them). */
export function writeManifest(file: string, dir: string, fingerprint: string, hashes: ReadonlyMap<string, string>): void {
  // each file's entry as the walk comes to it, written as it goes (see writeJsonFile)
  function* entries(): Generator<readonly [string, ManifestEntry]> {
    for (const f of outputFiles(dir)) {
      if (!f.isFile) continue;
      const st = statSync(f.path);
      yield [f.rel, [hashes.get(f.rel) ?? null, st.size, st.ino, Math.round(st.mtimeMs)]];
    }
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeJsonFile(file, { fingerprint }, "files", "object", objectMembers(entries()));
  } catch {
    /* a manifest that cannot be written only costs the next build time */
  }
}

/** Is the file at `path` still the one `entry` describes? */
export function unchanged(path: string, entry: ManifestEntry): boolean {
  try {
    const st = statSync(path);
    return st.size === entry[1] && st.ino === entry[2] && Math.round(st.mtimeMs) === entry[3];
  } catch {
    return false;
  }
}

/**
 * Is `dir` exactly the output the manifest describes: every file it lists still the one it
 * describes, and no other file there (besides ALWAYS_WRITTEN)? One stat per file and one listing
 * per folder; a folder holding anything but folders and files counts as changed.
 */
export function outputIsUnchanged(manifest: OutputManifest, dir: string): boolean {
  const listed = Object.keys(manifest.files);
  if (!listed.length) return false;
  // the listing first: a file added there is found without a stat
  let found = 0;
  try {
    for (const f of outputFiles(dir)) {
      if (!f.isFile || !Object.hasOwn(manifest.files, f.rel)) return false;
      found++;
    }
  } catch {
    return false;
  }
  return found === listed.length && listed.every((rel) => unchanged(join(dir, rel), manifest.files[rel]));
}

/**
 * Everything in an output folder but its folders and ALWAYS_WRITTEN, by its path relative to it:
 * `isFile` is false for anything else there (a link, a socket), which no build writes.
 */
function* outputFiles(dir: string, d = dir): Generator<{ rel: string; path: string; isFile: boolean }> {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const path = join(d, e.name);
    if (e.isDirectory()) {
      yield* outputFiles(dir, path);
      continue;
    }
    const rel = relative(dir, path);
    if (!ALWAYS_WRITTEN.has(rel)) yield { rel, path, isFile: e.isFile() };
  }
}

/**
 * Links every file the manifest lists from `from` into the empty folder `to`. False (and `to`
 * left for the caller to remove) when any file is missing or is not the one described.
 */
export function linkAll(manifest: OutputManifest, from: string, to: string): boolean {
  const made = new Set<string>();
  for (const [rel, entry] of Object.entries(manifest.files)) {
    const src = join(from, rel);
    if (!unchanged(src, entry)) return false;
    const target = join(to, rel);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    try {
      linkSync(src, target);
    } catch {
      return false; // another file system, or one without hard links: render instead
    }
  }
  return Object.keys(manifest.files).length > 0;
}

/**
 * The fingerprint of a build's inputs: the code that turns them into files (src/, the Eleventy
 * config, the locked dependencies, the Node.js version and its ICU data) and the given values
 * (the libraries and the configuration).
 */
export function buildFingerprint(...inputs: unknown[]): string {
  const h = createHash("sha256");
  h.update(codeVersion());
  for (const v of inputs) h.update(JSON.stringify(v) ?? "undefined").update("\n");
  return h.digest("hex");
}

/**
 * The hash of what one page is rendered from (its data, the configuration and the code), kept in
 * the manifest as "page:<hash>": a page whose inputs are the same is linked, not rendered again.
 */
export function pageInputHash(...inputs: unknown[]): string {
  return `page:${buildFingerprint(...inputs)}`;
}

let code: string | undefined;
function codeVersion(): string {
  if (code !== undefined) return code;
  const h = createHash("sha256");
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(relative(root, p)).update(readFileSync(p));
    }
  };
  try {
    walk(join(root, "src"));
    for (const f of [".eleventy.ts", "package-lock.json", "package.json"]) if (existsSync(join(root, f))) h.update(f).update(readFileSync(join(root, f)));
    // the runtime too: title order and nation names come from its ICU data
    h.update(`node ${process.versions.node} icu ${process.versions.icu ?? ""} unicode ${process.versions.unicode ?? ""}`);
    code = h.digest("hex");
  } catch {
    code = `unreadable-${Math.random()}`; // never match a saved fingerprint
  }
  return code;
}

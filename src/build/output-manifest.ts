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
  function* walk(d: string): Generator<readonly [string, ManifestEntry]> {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) yield* walk(p);
      else if (e.isFile()) {
        const rel = relative(dir, p);
        if (ALWAYS_WRITTEN.has(rel)) continue;
        const st = statSync(p);
        yield [rel, [hashes.get(rel) ?? null, st.size, st.ino, Math.round(st.mtimeMs)]];
      }
    }
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeJsonFile(file, { fingerprint }, "files", "object", objectMembers(walk(dir)));
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
  for (const rel of listed) if (!unchanged(join(dir, rel), manifest.files[rel])) return false;
  let found = 0;
  const walk = (d: string): boolean => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!walk(p)) return false;
      } else if (!e.isFile()) return false;
      else {
        const rel = relative(dir, p);
        if (ALWAYS_WRITTEN.has(rel)) continue;
        if (!Object.hasOwn(manifest.files, rel)) return false;
        found++;
      }
    }
    return true;
  };
  try {
    return walk(dir) && found === listed.length;
  } catch {
    return false;
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

// Writing libraries/<slug>.yaml safely: atomic replace (temp file + rename, so a reader or a crash
// never sees half a file) and one writer at a time, so concurrent registrations never lose an update.
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, readFileSync, readdirSync, existsSync, unlinkSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { tempToken } from "../net/temp-token.ts";
import { parseDocument, isMap, type YAMLMap } from "yaml";
import { yamlDocument } from "./entry-yaml.ts";
import type { LibraryEntry } from "./entries.ts";
import { noteEntryWritten } from "./bearer.ts";

const KEY_ORDER: (keyof LibraryEntry)[] = [
  "example", "note", "id", "url", "library_stage", "registry_stage", "short_name",
  "shared_secret", "shared_secret_sha256", "contact", "contact_pending", "created", "updated", "snapshot",
];

const HEADER = [
  " One library in the directory. Written by `registry register`; reviewed in a pull request.",
  " A maintainer approves it by setting registry_stage: production.",
  " shared_secret and contact are sealed to the registry's key: never put plaintext here.",
].join("\n");

/** An entry's YAML as written when nothing of an earlier file is to be kept. */
function renderFresh(entry: LibraryEntry, header: boolean): string {
  const ordered: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (entry[k] !== undefined) ordered[k] = entry[k];
  return yamlDocument(ordered, header ? HEADER : undefined);
}

/** Would keeping `previous`'s key order put `next`'s keys in KEY_ORDER? (New keys all come after the old ones.) */
function appendsInOrder(previous: LibraryEntry, next: LibraryEntry): boolean {
  let last = -1;
  KEY_ORDER.forEach((k, i) => {
    if (previous[k] !== undefined) last = i;
  });
  return KEY_ORDER.every((k, i) => i > last || next[k] === undefined || previous[k] !== undefined);
}

/**
 * YAML text for an entry; comments and key order of `previous` (the file as it was) are kept.
 * With `previousEntry` (what `previous` was read as), a file that is exactly what this function
 * writes for those values (no comment, style or order of a maintainer's to keep) is written anew
 * without being parsed again: the same text, for about a fifth less work (parsing a 10,000-library
 * registry's files again cost a cold build about 1.5 s).
 */
export function renderEntry(entry: LibraryEntry, previous?: string, previousEntry?: LibraryEntry): string {
  if (!previous) return renderFresh(entry, true);
  if (previousEntry && appendsInOrder(previousEntry, entry)) {
    const header = previous.startsWith("#");
    if (previous === renderFresh(previousEntry, header)) return renderFresh(entry, header);
  }
  const doc = parseDocument(previous);
  if (!isMap(doc.contents)) return renderFresh(entry, true);
  // the file's values, read once (setting one key changes no other)
  const current = (doc.toJS() ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(current)) {
    if (!(k in entry) || entry[k as keyof LibraryEntry] === undefined) doc.delete(k);
  }
  for (const k of KEY_ORDER) {
    const v = entry[k];
    if (v === undefined) continue;
    // Replace whole values: a snapshot is rewritten, not merged.
    if (JSON.stringify(current[k]) !== JSON.stringify(v)) doc.set(k, freshNode(k, v));
  }
  return doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true });
}

/**
 * A value as a node of `yaml`'s document model, styled as a fresh file writes it (each scalar
 * plain or double-quoted, see entry-yaml.ts), so that a kept file's new values read as they would
 * in a new one.
 */
function freshNode(key: string, value: unknown) {
  return (parseDocument(yamlDocument({ [key]: value })).contents as YAMLMap).get(key, true);
}

/** A temporary file beside `path`, named so that removeLeftoverTemps knows it. */
export function entryTempPath(path: string): string {
  return join(dirname(path), `.${tempToken()}.tmp`);
}

/**
 * The YAML text `entry` is written as at `path`, keeping the comments and key order the file has
 * (`previousEntry`: what the file was read as, if known; see renderEntry).
 */
export function renderEntryFile(path: string, entry: LibraryEntry, previousEntry?: LibraryEntry): string {
  return renderEntry(entry, readIfThere(path), previousEntry);
}

/** A file's text, or undefined when there is none (one call: an existsSync first cost a cold build of 10,000 libraries 0.4 s). */
function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = entryTempPath(path);
  const fd = openSync(tmp, "wx", 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw err;
  }
}

export function writeEntry(path: string, entry: LibraryEntry): void {
  writeFileAtomic(path, renderEntryFile(path, entry));
  noteEntryWritten(path, entry);
}

/** A FIFO mutex: registrations decide and write one at a time (the fetches happen outside it). */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const prior = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prior;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** The folder's lock could not be had in time: the caller answers 503 registry-busy, with Retry-After. */
export class LockBusy extends Error {}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serialises writers of one libraries folder: a FIFO mutex within this process, and a lock file
 * (`.registry.lock`, created exclusively, holding `pid hostname`) against other processes, such as
 * `registry register` run while `registry serve` takes registrations. A lock whose holder is gone
 * (a process of this machine that no longer runs) is taken over at once; one written on another
 * machine, or unreadable, only once it is older than `staleMs`. Leftover temporary files of a
 * writer that died (`.*.tmp`, older than a minute) are removed while the lock is held.
 */
export class FolderLock {
  private mutex = new Mutex();
  constructor(private dir: string, private opts: { waitMs?: number; staleMs?: number } = {}) {}

  /** `waitMs`: how long to wait for another process's lock (default the lock's own, 30 s). */
  run<T>(fn: () => Promise<T> | T, opts: { waitMs?: number } = {}): Promise<T> {
    return this.mutex.run(async () => {
      const release = await this.acquire(opts.waitMs ?? this.opts.waitMs ?? 30_000);
      try {
        removeLeftoverTemps(this.dir);
        return await fn();
      } finally {
        release();
      }
    });
  }

  /** The inode of a lock whose holder is gone (to remove that very file), or undefined. */
  private goneHolder(path: string): number | undefined {
    try {
      const st = statSync(path);
      const [pid, host] = readFileSync(path, "utf8").trim().split(/\s+/);
      const stale = Date.now() - st.mtimeMs > (this.opts.staleMs ?? 60_000);
      // Empty: its holder is between creating it and writing its pid; only its age can tell.
      if (!pid || !/^\d+$/.test(pid)) return stale ? st.ino : undefined;
      if (host === hostname() || host === undefined) return processAlive(Number(pid)) ? undefined : st.ino;
      return stale ? st.ino : undefined;
    } catch {
      return undefined; // released meanwhile: try again
    }
  }

  private async acquire(waitMs: number): Promise<() => void> {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, ".registry.lock");
    const deadline = Date.now() + waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        const fd = openSync(path, "wx", 0o644);
        writeSync(fd, `${process.pid} ${hostname()}\n`);
        closeSync(fd);
        return () => {
          try {
            unlinkSync(path);
          } catch {
            /* already gone */
          }
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const judged = this.goneHolder(path);
      if (judged !== undefined) {
        // Taken over: the holder died. Only the file judged (same inode) is removed.
        try {
          if (statSync(path).ino === judged) unlinkSync(path);
        } catch {
          /* another process took it over first */
        }
        continue;
      }
      if (Date.now() > deadline) throw new LockBusy(`${path} is held by another registry process that is still running`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Temporary files of an atomic write whose writer died (older than a minute, so none in flight). */
export function removeLeftoverTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^\.[0-9a-f]{12}\.tmp$/.test(name)) continue;
    const p = join(dir, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > 60_000) unlinkSync(p);
    } catch {
      /* gone meanwhile */
    }
  }
}

const locks = new Map<string, FolderLock>();
/** The lock of one libraries folder, shared by every caller in this process. */
export function librariesLock(dir: string): FolderLock {
  let l = locks.get(dir);
  if (!l) locks.set(dir, (l = new FolderLock(dir)));
  return l;
}

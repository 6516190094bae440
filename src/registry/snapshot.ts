// A snapshot is the last validated LibraryInfo of a library, kept in its entry with the time it
// was validated. The handshake and the build both ask the same two questions of it.
import type { LibraryInfo } from "../opds/library-info.ts";
import type { Snapshot } from "./entries.ts";

/** RFC 3339 in UTC without fraction: the form of every time in entries and feeds. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function snapshotInfo(s: Snapshot): LibraryInfo {
  const { validated: _v, ...info } = s;
  return info;
}

/** Canonical JSON (sorted keys) so that key order never counts as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Whether the public data changed (which moves the entry's `updated` time). */
export function sameInfo(a: LibraryInfo, b: LibraryInfo): boolean {
  return canonical(a) === canonical(b);
}

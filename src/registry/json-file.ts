// The build's caches (the parse cache, dist/'s manifest, the area resolutions) are JSON files of
// 5–17 MB at 10,000 libraries, written at the build's end, when its heap is fullest: made as one
// string and one buffer each, they raised a cold build's peak by tens of megabytes (the peak fell
// at the last step). Written here in pieces of about 64 KB instead: the same text, never whole.
import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

const PIECE = 1 << 16;

/**
 * Writes `{...head, [key]: …}` to `path` (through a temporary file renamed over it), the value
 * of `key` an object or an array whose members are given one by one as JSON text: `"name":value`
 * for an object, `value` for an array. The text is JSON.stringify's for the same data.
 */
export function writeJsonFile(path: string, head: Record<string, unknown>, key: string, kind: "object" | "array", members: Iterable<string>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    const write = (text: string) => {
      const bytes = Buffer.from(text, "utf8");
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    };
    const headText = JSON.stringify(head);
    let piece = `${headText.slice(0, -1)}${headText.length > 2 ? "," : ""}${JSON.stringify(key)}:${kind === "object" ? "{" : "["}`;
    let first = true;
    for (const member of members) {
      piece += first ? member : `,${member}`;
      first = false;
      if (piece.length >= PIECE) {
        write(piece);
        piece = "";
      }
    }
    write(`${piece}${kind === "object" ? "}" : "]"}}`);
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw err;
  }
  renameSync(tmp, path);
}

/** An object's members as writeJsonFile takes them: `"name":value`, skipping what JSON.stringify leaves out. */
export function* objectMembers(entries: Iterable<readonly [string, unknown]>): Generator<string> {
  for (const [k, v] of entries) {
    const value = JSON.stringify(v);
    if (value !== undefined) yield `${JSON.stringify(k)}:${value}`;
  }
}

/** An array's members as writeJsonFile takes them (`null` for what JSON.stringify writes as null in an array). */
export function* arrayMembers(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield JSON.stringify(item) ?? "null";
}

// Reading YAML so that every error can name `file:line:column`. Values are validated with ajv;
// an ajv instancePath is mapped back to the YAML node it came from.
import { LineCounter, parseDocument, isMap, isScalar, type Document } from "yaml";
import type { ErrorObject } from "ajv";

export interface SourceError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatSourceError(e: SourceError): string {
  return `${e.file}:${e.line}:${e.column} ${e.message}`;
}

export interface ParsedYaml {
  file: string;
  doc: Document.Parsed;
  value: unknown;
  lines: LineCounter;
}

export function parseYamlSource(file: string, text: string): { parsed?: ParsedYaml; errors: SourceError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // Without prettyErrors the parser leaves linePos unset: its offset goes through our line counter.
  const errors: SourceError[] = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { file, line, column: col, message: `YAML syntax: ${e.message.split("\n")[0]}` };
  });
  if (errors.length) return { errors };
  try {
    return { parsed: { file, doc, value: doc.toJS({ maxAliasCount: 50 }), lines }, errors: [] };
  } catch (err) {
    // An alias bomb or an alias to no anchor: the parser throws while building values.
    return { errors: [{ file, line: 1, column: 1, message: `YAML aliases: ${(err as Error).message.split("\n")[0]}; entries need no anchors or aliases` }] };
  }
}

/** Largest entry file read: a typical entry is a few KB; snapshots are capped well below this. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/** The error for an entry file over MAX_ENTRY_BYTES (checked by its size before it is read too). */
export function entryTooLarge(file: string, size: number): SourceError {
  return { file, line: 1, column: 1, message: `the file is ${size} bytes; an entry may be at most ${MAX_ENTRY_BYTES} (a snapshot is cut to a few KB: refresh it)` };
}

/**
 * An entry file's bytes as text, or the reason it cannot be one: too large, a NUL byte, or bytes
 * that are not UTF-8 (never silently replaced).
 */
export function decodeEntryBytes(file: string, bytes: Buffer): { text?: string; error?: SourceError } {
  if (bytes.length > MAX_ENTRY_BYTES) return { error: entryTooLarge(file, bytes.length) };
  const at = (offset: number) => {
    let line = 1, lineStart = 0;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) { line++; lineStart = i + 1; }
    return { line, column: offset - lineStart + 1 };
  };
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { error: { file, ...at(nul), message: "a NUL byte: an entry is UTF-8 text (was it saved as UTF-16?)" } };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const lenient = bytes.toString("utf8");
    const bad = Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD"))), "utf8");
    return { error: { file, ...at(bad), message: "bytes that are not UTF-8: save the entry as UTF-8" } };
  }
}

/** Position of the node at `path` (or of its key, for unknown-key errors), else of the nearest parent. */
export function positionOf(p: ParsedYaml, path: (string | number)[], keyOf?: string): { line: number; column: number } {
  if (keyOf !== undefined) {
    const parent = path.length ? p.doc.getIn(path, true) : p.doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === keyOf);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return toPos(p, range[0]);
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? p.doc.contents : p.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return toPos(p, range[0]);
  }
  return { line: 1, column: 1 };
}

function toPos(p: ParsedYaml, offset: number) {
  const { line, col } = p.lines.linePos(offset);
  return { line, column: col };
}

function pathOf(instancePath: string): string[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** ajv errors → messages a maintainer can act on, each at the YAML position it concerns. */
export function ajvErrorsToSource(p: ParsedYaml, errors: ErrorObject[] | null | undefined, hints: Record<string, string> = {}): SourceError[] {
  const out: SourceError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const path = pathOf(e.instancePath);
    const name = path.length ? path.join(".") : "the entry";
    let message: string;
    let pos: { line: number; column: number };
    switch (e.keyword) {
      case "additionalProperties": {
        const key = String(e.params.additionalProperty);
        const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}).join(", ");
        message = `unknown key '${path.length ? name + "." : ""}${key}': remove it or fix its spelling (allowed: ${allowed})`;
        pos = positionOf(p, path, key);
        break;
      }
      case "required": {
        const key = String(e.params.missingProperty);
        const full = path.length ? `${name}.${key}` : key;
        message = `missing required key '${full}'${hints[full] ? `: ${hints[full]}` : ""}`;
        pos = positionOf(p, path);
        break;
      }
      case "enum":
        message = `${name} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}`;
        pos = positionOf(p, path);
        break;
      case "type":
        message = `${name} must be ${e.params.type === "array" ? "a list" : e.params.type === "object" ? "a map of keys" : `a ${e.params.type}`}`;
        pos = positionOf(p, path);
        break;
      case "pattern":
      case "format":
        message = `${name} ${hints[name] ?? e.message}`;
        pos = positionOf(p, path);
        break;
      default:
        message = `${name} ${e.message}`;
        pos = positionOf(p, path);
    }
    const key = `${pos.line}:${pos.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: p.file, line: pos.line, column: pos.column, message });
  }
  return out;
}

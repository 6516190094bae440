// The YAML text of an entry written fresh (no earlier file whose comments or order are kept): block
// mappings and sequences of JSON data, each string plain where that cannot be read back as
// anything else, double-quoted otherwise. The `yaml` library makes the same text for an entry's
// usual values (URLs, titles, dates, descriptions) at a tenth of the cost (10 µs against 100 µs
// per 1.6 KB snapshot: a cold build of 10,000 libraries writes 10,000 of them on its main thread,
// and renders each file's earlier text once more to see whether it holds anything to keep). Files
// a maintainer edited still go through `yaml`'s document model (see renderEntry), and
// everything written is read back by `yaml` with the core schema, as every entry is.

/** Printable characters a plain scalar may hold anywhere (no control characters, line breaks, BOM or surrogates). */
const PLAIN_CHARS = /^[A-Za-z0-9\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd][\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
/** What a plain scalar may not contain or end with: a mapping indicator, a comment, trailing space. */
const PLAIN_BREAKERS = /: |:$| #| $/;
/** Plain text the core schema (or a YAML 1.1 reader) would take for a number, boolean or null. */
const NOT_A_STRING = /^(?:[0-9][0-9_.:e+-]*|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|true|false|null|yes|no|on|off|y|n|~)$/i;
/** Characters JSON leaves as they are but YAML's double-quoted style must escape. */
const YAML_UNPRINTABLE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** A string as a YAML scalar: plain when that reads back as the same string, double-quoted otherwise. */
export function yamlString(s: string): string {
  if (PLAIN_CHARS.test(s) && !PLAIN_BREAKERS.test(s) && !NOT_A_STRING.test(s)) return s;
  // JSON's escapes (\" \\ \b \f \n \r \t \uXXXX, lone surrogates included) are YAML's too
  return JSON.stringify(s).replace(YAML_UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(v: unknown): string {
  if (typeof v === "string") return yamlString(v);
  if (typeof v === "number") {
    if (Number.isFinite(v)) return String(v);
    return Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  }
  if (typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  throw new TypeError(`not JSON data: ${typeof v}`);
}

const isCollection = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === "object" && v !== null;
const isEmpty = (v: Record<string, unknown> | unknown[]) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
/** A value written on its key's or dash's line: a scalar, or an empty collection in flow style. */
const inline = (v: unknown) => (isCollection(v) ? (Array.isArray(v) ? "[]" : "{}") : scalar(v));

function block(v: Record<string, unknown> | unknown[], indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmpty(item)) {
        // the item's first line starts after the dash
        const first = out.length;
        block(item, indent + "  ", out);
        out[first] = `${indent}- ${out[first].slice(indent.length + 2)}`;
      } else out.push(`${indent}- ${inline(item)}`);
    }
    return;
  }
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (value === undefined) continue;
    if (isCollection(value) && !isEmpty(value)) {
      out.push(`${indent}${yamlString(key)}:`);
      block(value, indent + "  ", out);
    } else out.push(`${indent}${yamlString(key)}: ${inline(value)}`);
  }
}

/** A mapping of JSON data as a YAML document, each line of `comment` (if any) a `#` line before it, then a blank line. */
export function yamlDocument(map: Record<string, unknown>, comment?: string): string {
  const out: string[] = comment === undefined ? [] : [...comment.split("\n").map((line) => `#${line}`), ""];
  if (Object.keys(map).every((k) => map[k] === undefined)) return [...out, "{}"].join("\n") + "\n";
  block(map, "", out);
  return out.join("\n") + "\n";
}

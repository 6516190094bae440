// Turning fetched bytes into a JSON value or XML text, with one distinct problem per way a body
// goes wrong, so a library sees "your server sent an HTML page" instead of "Unexpected token <".
import { problem, type Problem } from "./problem.ts";
import { jsonNestingDepth, lineAndColumn, locateJsonError } from "./json-syntax.ts";
import { HTML, parseMediaType } from "./media-types.ts";

export const DEFAULT_MAX_DEPTH = 64;

export interface JsonBodyOptions {
  /** Deepest `[`/`{` nesting accepted; real documents stay under 10. Default 64. */
  maxDepth?: number;
}

export type JsonBody = { value: unknown } | { problem: Problem };
export type TextBody = { text: string } | { problem: Problem };

const hasUtf8Bom = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
const hasUtf16Bom = (b: Uint8Array) => b.length >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe));

/** Strict UTF-8: a lone continuation byte or an overlong form is an error, not U+FFFD. */
function utf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: keep a BOM as U+FEFF so callers decide what it means.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a JSON document. RFC 8259 §8.1: JSON exchanged between systems is UTF-8 and MUST NOT
 * start with a byte-order mark, so a BOM is refused rather than silently skipped (JSON.parse
 * would reject it anyway, with a useless message).
 */
export function decodeJsonBody(bytes: Uint8Array, contentType: string | null, opts: JsonBodyOptions = {}): JsonBody {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (hasUtf8Bom(bytes)) {
    return { problem: problem("byteOrderMark", "The JSON document starts with a UTF-8 byte-order mark (EF BB BF); RFC 8259 §8.1 forbids it. Save the file as UTF-8 without BOM.") };
  }
  if (hasUtf16Bom(bytes)) {
    return { problem: problem("byteOrderMark", "The JSON document starts with a UTF-16 byte-order mark; JSON must be UTF-8 without BOM (RFC 8259 §8.1).") };
  }
  const text = utf8(bytes);
  if (text === null) {
    return { problem: problem("invalidEncoding", `The JSON document is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)}).`) };
  }
  const mt = parseMediaType(contentType);
  const isHtmlType = !!mt && `${mt.type}/${mt.subtype}` === HTML;
  if (isHtmlType || /^\s*</.test(text)) {
    return {
      problem: problem(
        "htmlNotJson",
        `Expected a JSON document but got ${isHtmlType ? `Content-Type ${contentType}` : "a body starting with '<'"}: probably an HTML error or login page.`,
      ),
    };
  }
  if (text.trim() === "") return { problem: problem("malformedJson", "The document is empty.") };
  // Checked before JSON.parse, by a flat scan, so a hostile nesting never reaches a recursive parser.
  if (jsonNestingDepth(text, maxDepth) > maxDepth) {
    return { problem: problem("tooDeep", `The JSON document nests arrays or objects more than ${maxDepth} levels deep.`) };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { problem: problem("malformedJson", describeJsonError(text, e)) };
  }
}

/** "line 3, column 7 (offset 41): Expected ',' or '}' …" — V8's message plus a position always. */
function describeJsonError(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const fromMessage = /at position (\d+)/.exec(message);
  let offset = fromMessage ? Number(fromMessage[1]) : /Unexpected end/.test(message) ? text.length : locateJsonError(text);
  if (offset < 0) offset = text.length;
  const { line, column } = lineAndColumn(text, offset);
  return `Invalid JSON at line ${line}, column ${column} (offset ${offset}): ${message}`;
}

/** Offset of the first byte that breaks UTF-8, for a message a person can act on. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The shortest invalid prefix: a prefix that decodes (with `stream`, so a truncated final
  // sequence is not yet an error) is valid up to its end.
  const decodes = (end: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(hi)) return hi; // valid but truncated at the end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (decodes(mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decodes an XML document as UTF-8. Unlike JSON, XML allows a UTF-8 byte-order mark (XML 1.0
 * §4.3.3), so it is stripped; UTF-16 and other encodings are not supported and are reported.
 */
export function decodeText(bytes: Uint8Array): TextBody {
  if (hasUtf16Bom(bytes)) {
    return { problem: problem("invalidEncoding", "The document is UTF-16 (it starts with a UTF-16 byte-order mark); only UTF-8 is accepted.") };
  }
  const text = utf8(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes);
  if (text === null) {
    return { problem: problem("invalidEncoding", `The document is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)}).`) };
  }
  return { text };
}

// Where a JSON text goes wrong, and how deep it nests, found without recursion so that neither a
// hostile nesting depth nor a long document can overflow the stack. JSON.parse stays the parser;
// these two scans only make its failures actionable (V8's message has no position for some
// errors, e.g. "Unexpected token '}'") and keep deep documents away from it.

/**
 * The deepest nesting of `[` / `{` in `text`, counting only brackets outside strings. Stops early
 * and returns `limit + 1` as soon as the depth passes `limit`, so the cost is bounded by the text
 * length whatever the nesting.
 */
export function jsonNestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  // Strings are crossed with indexOf (a library's logo as a data: URI is tens of kilobytes of one
  // string): the next quote and the next backslash at or after the scan (text.length when there
  // is none), each found again only once the scan has passed it, so the text is still read once.
  const n = text.length;
  let quote = -1;
  let backslash = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // inside a string: to its closing quote, skipping each escaped character (which may be a quote)
      for (i++; ; ) {
        if (quote < i) quote = next(text, '"', i);
        if (quote === n) return deepest; // an unterminated string: nothing after it nests
        if (backslash < i) backslash = next(text, "\\", i);
        if (backslash > quote) {
          i = quote;
          break;
        }
        i = backslash + 2;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/** Where `ch` next occurs in `text` from `from`, or text.length. */
function next(text: string, ch: string, from: number): number {
  const at = text.indexOf(ch, from);
  return at < 0 ? text.length : at;
}

/**
 * The offset of the first character that makes `text` invalid JSON (RFC 8259), `text.length` when
 * it ends too early, or -1 when it is valid. Iterative: containers live on an explicit stack.
 */
export function locateJsonError(text: string): number {
  const n = text.length;
  const stack: Array<"array" | "object"> = [];
  let i = 0;
  const ws = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  // Reads a string starting at text[i] === '"'; returns false (with i at the fault) when bad.
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) {
          i = n;
          return false;
        }
        if (e === "u") {
          for (let k = 2; k < 6; k++) {
            if (!/[0-9A-Fa-f]/.test(text[i + k] ?? "")) {
              i = Math.min(i + k, n);
              return false;
            }
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          i++;
          return false;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return false; // unterminated: i === n
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && text[i] >= "0" && text[i] <= "9") i++;
    return i > start;
  };
  const number = (): boolean => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!digits()) return false;
    if (text[i] === ".") {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) return false;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  // An object member's key and colon, leaving i at the value.
  const key = (): boolean => {
    if (text[i] !== '"' || !string()) return false;
    ws();
    if (text[i] !== ":") return false;
    i++;
    ws();
    return true;
  };

  ws();
  for (;;) {
    // A value starts at text[i].
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      ws();
      if (text[i] === (c === "{" ? "}" : "]")) i++;
      else {
        stack.push(c === "{" ? "object" : "array");
        if (c === "{" && !key()) return Math.min(i, n);
        continue;
      }
    } else if (c === '"') {
      if (!string()) return Math.min(i, n);
    } else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      if (!number()) return Math.min(i, n);
    } else if (c === "t" || c === "f" || c === "n") {
      if (!literal(c === "t" ? "true" : c === "f" ? "false" : "null")) return Math.min(i, n);
    } else return Math.min(i, n);

    // After a value: close containers, or find the separator before the next value.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      if (text[i] === ",") {
        i++;
        ws();
        if (top === "object" && !key()) return Math.min(i, n);
        break;
      }
      if (text[i] === (top === "object" ? "}" : "]")) {
        i++;
        stack.pop();
        continue;
      }
      return Math.min(i, n);
    }
  }
}

/** 1-based line and column of a character offset (columns count UTF-16 code units). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

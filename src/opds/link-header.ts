// HTTP `Link` header fields (RFC 8288 §3). A4OPDS discovery may send the auth document link this
// way. Every link-value is returned, each with all of its rels: the reference's HTTP library keyed
// links by rel, so a second link with the same rel replaced the first.

export interface HeaderLink {
  /** The URI-Reference between `<` and `>`, as written (resolve it against the response URL). */
  href: string;
  /** `rel` split on whitespace and lower-cased: RFC 8288 §2.1 compares relation types case-insensitively. */
  rels: string[];
  /** Every parameter by lower-cased name, unquoted; for a repeated parameter the first wins (§3). */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const BARE_VALUE = /[^\s;,]*/y;

/**
 * Parses one header value, or several joined with commas (as `Headers.get` joins repeated
 * fields). Commas may appear inside `<…>` and quoted strings. A link-value that cannot be parsed is
 * skipped up to the next top-level comma; the rest are still returned.
 */
export function parseLinkHeader(value: string | null | undefined): HeaderLink[] {
  if (!value) return [];
  const out: HeaderLink[] = [];
  const n = value.length;
  let i = 0;
  const ws = () => {
    while (i < n && (value[i] === " " || value[i] === "\t")) i++;
  };
  // Recovery: skip to just past the next comma outside quotes and angle brackets.
  const skipToNextLink = () => {
    let quoted = false;
    let angled = false;
    for (; i < n; i++) {
      const c = value[i];
      if (quoted) {
        if (c === "\\") i++;
        else if (c === '"') quoted = false;
      } else if (angled) {
        if (c === ">") angled = false;
      } else if (c === '"') quoted = true;
      else if (c === "<") angled = true;
      else if (c === ",") {
        i++;
        return;
      }
    }
  };

  while (i < n) {
    ws();
    if (value[i] === ",") {
      i++;
      continue;
    }
    if (i >= n) break;
    if (value[i] !== "<") {
      skipToNextLink();
      continue;
    }
    const close = value.indexOf(">", i + 1);
    if (close < 0) break;
    const href = value.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    let ok = true;
    for (;;) {
      ws();
      if (i >= n || value[i] === ",") break;
      if (value[i] !== ";") {
        ok = false;
        break;
      }
      i++;
      ws();
      TOKEN.lastIndex = i;
      const name = TOKEN.exec(value)?.[0];
      if (!name) {
        if (i >= n || value[i] === ",") break; // a trailing ';' is harmless
        ok = false;
        break;
      }
      i += name.length;
      ws();
      let paramValue = "";
      if (value[i] === "=") {
        i++;
        ws();
        if (value[i] === '"') {
          // quoted-string with backslash escapes (RFC 9110 §5.6.4)
          i++;
          let s = "";
          while (i < n && value[i] !== '"') {
            if (value[i] === "\\" && i + 1 < n) i++;
            s += value[i++];
          }
          if (i >= n) {
            ok = false;
            break;
          }
          i++;
          paramValue = s;
        } else {
          BARE_VALUE.lastIndex = i;
          paramValue = BARE_VALUE.exec(value)![0];
          i += paramValue.length;
        }
      }
      const key = name.toLowerCase();
      if (!(key in params)) params[key] = paramValue;
    }
    if (!ok) {
      skipToNextLink();
      continue;
    }
    const rels = (params.rel ?? "").split(/\s+/).filter(Boolean).map((r) => r.toLowerCase());
    out.push({ href, rels, params });
  }
  return out;
}

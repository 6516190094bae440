// Feed-level <link> elements of an OPDS 1 (Atom) feed, found by a small hand-written scanner.
//
// Why no XML library: the link-back check needs only the root's direct <link> children, and a
// scanner that cannot expand entities cannot be made to (billion laughs, XXE). The rules:
// - a DOCTYPE that declares an entity is refused outright (xmlEntities), before anything else;
// - only the five predefined entities and numeric character references are decoded, in attribute
//   values; any other `&name;` is malformedXml (XML 1.0 WFC "Entity Declared": without a
//   declaration, and we accept none, such a reference makes the document not well-formed);
// - names are matched by local name: `<link>`, `<atom:link>` and a default-namespace `<link>` are
//   all the same to us (the registries' fixtures are namespace-free `<feed>` documents);
//   attributes are matched unprefixed (`rel`, `href`, `type`), as Atom defines them;
// - comments, CDATA sections, processing instructions and text are skipped;
// - well-formedness is checked as far as it decides which element is the root and which links
//   are its children: tags must nest and close, attributes must be quoted and unique.
import { problem, type Problem } from "./problem.ts";

export interface XmlLink {
  rel?: string;
  href: string;
  type?: string;
}

export interface FeedLinks {
  links: XmlLink[];
  /** Local name of the root element ("feed" for Atom), without any prefix. */
  rootName: string;
  /** Namespace URI bound to the root's prefix (or the default one), when declared on the root. */
  rootNamespace?: string;
}

export const ATOM_NS = "http://www.w3.org/2005/Atom";

class XmlError extends Error {
  constructor(
    readonly key: "malformedXml" | "xmlEntities",
    message: string,
  ) {
    super(message);
  }
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\u00B7\u00C0-\uFFFF-]*/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

const localName = (qname: string) => qname.slice(qname.indexOf(":") + 1);
const prefixOf = (qname: string) => (qname.includes(":") ? qname.slice(0, qname.indexOf(":")) : "");

/** Decodes an attribute value: normalises literal whitespace (XML 1.0 §3.3.3), expands refs. */
export function decodeAttributeValue(raw: string): string {
  if (raw.includes("<")) throw new XmlError("malformedXml", "'<' is not allowed in an attribute value");
  const normalised = raw.replace(/[\t\n\r]/g, " ");
  return normalised.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new XmlError("malformedXml", `a bare '&' in an attribute value (write &amp;): ${JSON.stringify(whole)}`);
    if (name.startsWith("#")) {
      const hex = /^#x([0-9A-Fa-f]+)$/.exec(name);
      const dec = /^#([0-9]+)$/.exec(name);
      const cp = hex ? parseInt(hex[1], 16) : dec ? parseInt(dec[1], 10) : NaN;
      // XML 1.0 §2.2 Char: no NUL, no surrogates, nothing past U+10FFFF.
      const legal = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!legal) throw new XmlError("malformedXml", `invalid character reference &${name};`);
      return String.fromCodePoint(cp);
    }
    const ch = PREDEFINED[name];
    if (ch === undefined) throw new XmlError("malformedXml", `undeclared entity &${name}; (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed)`);
    return ch;
  });
}

interface Tag {
  name: string;
  attrs: Map<string, string>;
  selfClosing: boolean;
}

/** Scans `xml` and returns the root's direct `<link>` children, or the problem that stopped it. */
export function extractFeedLinks(xml: string): FeedLinks | { problem: Problem } {
  try {
    return scan(xml);
  } catch (e) {
    if (e instanceof XmlError) return { problem: problem(e.key, `${e.key === "xmlEntities" ? "Refused" : "Not well-formed XML"}: ${e.message}.`) };
    throw e;
  }
}

function scan(xml: string): FeedLinks {
  // Refused before any parsing: a DOCTYPE carrying an entity declaration anywhere in the text.
  // Checked on the whole text so that a DOCTYPE our scanner might mis-delimit cannot slip through.
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype && /<!ENTITY/i.test(xml.slice(doctype.index))) {
    throw new XmlError("xmlEntities", "the document declares XML entities in a DOCTYPE (<!ENTITY …>); entity expansion is never performed");
  }

  const n = xml.length;
  const stack: string[] = [];
  const links: XmlLink[] = [];
  let root: Tag | null = null;
  let rootClosed = false;
  let i = 0;

  const until = (terminator: string, what: string): number => {
    const end = xml.indexOf(terminator, i);
    if (end < 0) throw new XmlError("malformedXml", `unterminated ${what} starting at offset ${i}`);
    return end + terminator.length;
  };

  while (i < n) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? n : lt);
    // Character data only inside the root; outside it, whitespace alone (XML 1.0 §2.8 Misc).
    if (stack.length === 0 && text.trim() !== "") {
      throw new XmlError("malformedXml", `text ${JSON.stringify(text.trim().slice(0, 40))} ${root ? "after" : "before"} the root element`);
    }
    if (lt < 0) break;
    i = lt;

    if (xml.startsWith("<!--", i)) {
      i = until("-->", "comment");
    } else if (xml.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) throw new XmlError("malformedXml", "a CDATA section outside the root element");
      i = until("]]>", "CDATA section");
    } else if (xml.startsWith("<?", i)) {
      i = until("?>", "processing instruction");
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      if (root) throw new XmlError("malformedXml", "a DOCTYPE after the root element");
      i = skipDoctype(xml, i);
    } else if (xml.startsWith("<!", i)) {
      throw new XmlError("malformedXml", `unexpected markup ${JSON.stringify(xml.slice(i, i + 12))} at offset ${i}`);
    } else if (xml.startsWith("</", i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(xml);
      if (!m) throw new XmlError("malformedXml", `bad end tag at offset ${i}`);
      const end = /^\s*>/.exec(xml.slice(NAME.lastIndex, NAME.lastIndex + 256));
      if (!end) throw new XmlError("malformedXml", `bad end tag </${m[0]} at offset ${i}`);
      const open = stack.pop();
      if (open !== m[0]) {
        throw new XmlError("malformedXml", open ? `end tag </${m[0]}> does not match <${open}> (offset ${i})` : `end tag </${m[0]}> without a start tag (offset ${i})`);
      }
      if (stack.length === 0) rootClosed = true;
      i = NAME.lastIndex + end[0].length;
    } else {
      const start = i;
      const tag = readStartTag(xml, i);
      i = tag.end;
      if (stack.length === 0) {
        if (root) throw new XmlError("malformedXml", `a second root element <${tag.name}> at offset ${start}`);
        root = tag;
      } else if (stack.length === 1 && localName(tag.name) === "link") {
        const href = tag.attrs.get("href");
        if (href !== undefined) {
          const link: XmlLink = { href };
          const rel = tag.attrs.get("rel");
          const type = tag.attrs.get("type");
          if (rel !== undefined) link.rel = rel;
          if (type !== undefined) link.type = type;
          links.push(link);
        }
      }
      if (!tag.selfClosing) stack.push(tag.name);
      else if (stack.length === 0) rootClosed = true;
    }
  }

  if (!root) throw new XmlError("malformedXml", "no root element");
  if (!rootClosed) throw new XmlError("malformedXml", `the root element <${root.name}> is never closed (truncated document?)`);
  const out: FeedLinks = { links, rootName: localName(root.name) };
  const prefix = prefixOf(root.name);
  const ns = root.attrs.get(prefix ? `xmlns:${prefix}` : "xmlns");
  if (ns !== undefined) out.rootNamespace = ns;
  return out;
}

/** Reads `<name attr="v" …>` or `…/>` at `i`; attributes decoded. */
function readStartTag(xml: string, i: number): Tag & { end: number } {
  NAME.lastIndex = i + 1;
  const m = NAME.exec(xml);
  if (!m) throw new XmlError("malformedXml", `'<' not followed by a name at offset ${i}`);
  const name = m[0];
  const attrs = new Map<string, string>();
  let p = NAME.lastIndex;
  for (;;) {
    const ws = /\s*/y;
    ws.lastIndex = p;
    const spaced = ws.exec(xml)![0].length > 0;
    p = ws.lastIndex;
    if (p >= xml.length) throw new XmlError("malformedXml", `unterminated start tag <${name} at offset ${i}`);
    if (xml.startsWith("/>", p)) return { name, attrs, selfClosing: true, end: p + 2 };
    if (xml[p] === ">") return { name, attrs, selfClosing: false, end: p + 1 };
    if (!spaced) throw new XmlError("malformedXml", `expected whitespace before an attribute in <${name}> at offset ${p}`);
    NAME.lastIndex = p;
    const a = NAME.exec(xml);
    if (!a) throw new XmlError("malformedXml", `bad attribute in <${name}> at offset ${p}`);
    const eq = /\s*=\s*/y;
    eq.lastIndex = NAME.lastIndex;
    if (!eq.exec(xml)) throw new XmlError("malformedXml", `attribute ${a[0]} of <${name}> has no value (offset ${p})`);
    const quote = xml[eq.lastIndex];
    if (quote !== '"' && quote !== "'") throw new XmlError("malformedXml", `attribute ${a[0]} of <${name}> is not quoted (offset ${p})`);
    const close = xml.indexOf(quote, eq.lastIndex + 1);
    if (close < 0) throw new XmlError("malformedXml", `unterminated value of attribute ${a[0]} in <${name}>`);
    if (attrs.has(a[0])) throw new XmlError("malformedXml", `attribute ${a[0]} repeated in <${name}>`);
    attrs.set(a[0], decodeAttributeValue(xml.slice(eq.lastIndex + 1, close)));
    p = close + 1;
  }
}

/** Skips `<!DOCTYPE … [internal subset] >` (already known to declare no entity). */
function skipDoctype(xml: string, i: number): number {
  let quote: string | null = null;
  let inSubset = false;
  for (let p = i + "<!DOCTYPE".length; p < xml.length; p++) {
    const c = xml[p];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (inSubset && xml.startsWith("<!--", p)) {
      const end = xml.indexOf("-->", p + 4);
      if (end < 0) break;
      p = end + 2;
    } else if (c === "[") inSubset = true;
    else if (c === "]") inSubset = false;
    else if (c === ">" && !inSubset) return p + 1;
  }
  throw new XmlError("malformedXml", `unterminated DOCTYPE at offset ${i}`);
}

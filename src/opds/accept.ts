// Content negotiation for the few URLs that answer people and programs alike (`/`, and feeds or
// missing pages opened in a browser). A circulation manager GETs the registry URL with
// `Accept: */*` (or none) and needs OPDS; a browser lists text/html first. So: HTML only when the
// request explicitly ranks an HTML type above OPDS, never on a bare wildcard.

interface Range {
  type: string;
  q: number;
}

function parseAccept(accept: string): Range[] {
  const out: Range[] = [];
  // a header is short; cap what we look at so a hostile one costs nothing
  for (const part of accept.slice(0, 4096).split(",").slice(0, 64)) {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!type) continue;
    let q = 1;
    for (const p of params) {
      if (!/^q\s*=/.test(p)) continue;
      // a malformed weight ranks the range last rather than first
      const m = /^q\s*=\s*([01](?:\.[0-9]{0,3})?)$/.exec(p);
      q = m ? Math.min(1, Number(m[1])) : 0;
    }
    out.push({ type, q });
  }
  return out;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const OPDS_TYPES = new Set(["application/opds+json", "application/json"]);

/**
 * Whether the request prefers an HTML page to an OPDS (JSON) document: an HTML type listed with a
 * q above every explicit OPDS/JSON type and at least that of any wildcard. No header, `*\/*`,
 * `application/opds+json` and `text/html;q=0.5, application/opds+json` all get OPDS.
 */
export function prefersHtml(accept: string | undefined | null): boolean {
  if (!accept) return false;
  let html = 0;
  let explicit = 0;
  let wildcard = 0;
  for (const r of parseAccept(accept)) {
    if (HTML_TYPES.has(r.type)) html = Math.max(html, r.q);
    else if (OPDS_TYPES.has(r.type)) explicit = Math.max(explicit, r.q);
    else if (r.type === "*/*" || r.type === "application/*") wildcard = Math.max(wildcard, r.q);
  }
  return html > 0 && html > explicit && html >= wildcard;
}

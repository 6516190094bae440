// Reading RWPM / OPDS 2 Link Objects, as found in Authentication for OPDS documents and OPDS 2
// feeds. `rel` may be a string or an array of strings (RWPM link schema); every href is resolved
// against the URL of the document that contains it (B6: the reference left start/alternate raw
// and resolved the logo against the wrong document).

/** The rels of a Link Object: `rel` as a string or an array of strings; anything else has none. */
export function relsOf(link: unknown): string[] {
  if (!isObject(link)) return [];
  const rel = link.rel;
  if (typeof rel === "string") return [rel];
  if (Array.isArray(rel)) return rel.filter((r): r is string => typeof r === "string");
  return [];
}

export function hasRel(link: unknown, rel: string): boolean {
  return relsOf(link).includes(rel);
}

const PLAIN_DATA_URI = /^data:[A-Za-z0-9+/=;,:._-]*$/;

/** An absolute URL for `href` relative to `base`, or null when the pair does not make a URL. */
export function resolveHref(href: string, base: string): string | null {
  // A data: URI of the plainest characters is already what the URL parser would give (absolute,
  // nothing to percent-encode, no query or fragment): an inline logo's 20-odd KB is not parsed
  // and serialised again (0.5 s of a cold build's main thread at 10,000 libraries).
  // (the base must still be a URL: the parser refuses any href against one that is not)
  if (PLAIN_DATA_URI.test(href) && URL.canParse(base)) return href;
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

/**
 * The WHATWG serialisation of a URL (lower-case scheme and host, default port dropped, empty
 * path as "/"), or the string unchanged when it is not a URL. Candidates produced by
 * `resolveHref` are in this form, so a registered URL must be too before comparing.
 */
export function normaliseUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Same URL: the strings are equal, or they serialise to the same WHATWG URL. */
export function sameUrl(a: string, b: string): boolean {
  return a === b || normaliseUrl(a) === normaliseUrl(b);
}

/** The scheme of an absolute URL, lower-cased and without the colon ("mailto"), or null. */
export function schemeOf(url: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return m ? m[1].toLowerCase() : null;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

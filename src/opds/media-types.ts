// Media types and link relations of OPDS, Authentication for OPDS and the directory profile.
// One home for every such string: other rooms import them from here.

export const OPDS2 = "application/opds+json";
export const DIRECTORY_PROFILE = "https://librarysimplified.org/rel/profile/directory";
export const OPDS2_DIRECTORY = `${OPDS2};profile=${DIRECTORY_PROFILE}`;
/** The type the Palace / SimplyE ecosystem emits and the apps match byte for byte. */
export const AUTH_DOC_V1 = "application/vnd.opds.authentication.v1.0+json";
/** The type of the current Authentication for OPDS draft. */
export const AUTH_DOC = "application/opds-authentication+json";
export const AUTH_DOC_TYPES = [AUTH_DOC_V1, AUTH_DOC] as const;
export const OPDS1_ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition";
export const OPDS1_NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation";
export const OPDS1_CATALOG = "application/atom+xml;profile=opds-catalog";
export const ATOM = "application/atom+xml";
export const GEOJSON = "application/geo+json";
export const OPENSEARCH = "application/opensearchdescription+xml";
/** The pre-RFC 7807 name the circulation manager recognises. */
export const PROBLEM_LEGACY = "application/api-problem+json";
export const PROBLEM = "application/problem+json";
export const HTML = "text/html";
/** What a static host should send for an HTML page we generate. */
export const HTML_UTF8 = "text/html; charset=utf-8";
export const TEXT_UTF8 = "text/plain; charset=utf-8";
export const JAVASCRIPT_UTF8 = "text/javascript; charset=utf-8";
export const CSS_UTF8 = "text/css; charset=utf-8";
export const JSON_TYPE = "application/json";
export const BINARY = "application/octet-stream";
export const PNG = "image/png";

export const REL = {
  authDocument: "http://opds-spec.org/auth/document",
  catalog: "http://opds-spec.org/catalog",
  thumbnail: "http://opds-spec.org/image/thumbnail",
  shelf: "http://opds-spec.org/shelf",
  authenticate: "authenticate",
  start: "start",
  alternate: "alternate",
  help: "help",
  logo: "logo",
  icon: "icon",
  register: "register",
  self: "self",
  search: "search",
  copyrightAgent: "http://librarysimplified.org/rel/designated-agent/copyright",
  integrationContact: "http://librarysimplified.org/rel/integration-contact",
  eligibility: "http://librarysimplified.org/rel/registry/eligibility",
  focus: "http://librarysimplified.org/rel/registry/focus",
  libraryTemplate: "http://librarysimplified.org/rel/registry/library",
  termsOfService: "terms-of-service",
  // pagination (RFC 8288 registered relations) and the directory root's links
  first: "first",
  previous: "previous",
  next: "next",
  last: "last",
  collection: "collection",
  /** OPDS 1.2: a complete, paginated listing meant for crawlers. */
  crawlable: "http://opds-spec.org/crawlable",
} as const;

export const ANONYMOUS_FLOW = "https://librarysimplified.org/rel/auth/anonymous";

export interface MediaType {
  type: string; // "application"
  subtype: string; // "opds+json"
  params: Record<string, string>; // lower-cased names, unquoted values
}

/** Parses a Content-Type value; null when it is not `type/subtype[; k=v]*`. */
export function parseMediaType(value: string | null | undefined): MediaType | null {
  if (!value) return null;
  const [head, ...rest] = value.split(";");
  const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$/.exec(head);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    if (k) params[k] = v;
  }
  return { type: m[1].toLowerCase(), subtype: m[2].toLowerCase(), params };
}

/**
 * "Minimum match": same type/subtype and every parameter of `reference` present with the same
 * value; extra parameters and any order are fine (profile values compared case-sensitively,
 * others case-insensitively).
 */
export function mediaTypeMatches(actual: string | null | undefined, reference: string): boolean {
  const a = parseMediaType(actual);
  const r = parseMediaType(reference);
  if (!a || !r) return false;
  if (a.type !== r.type || a.subtype !== r.subtype) return false;
  for (const [k, v] of Object.entries(r.params)) {
    const av = a.params[k];
    if (av === undefined) return false;
    if (k === "profile" ? av !== v : av.toLowerCase() !== v.toLowerCase()) return false;
  }
  return true;
}

export function isAuthDocumentType(ct: string | null | undefined): boolean {
  return AUTH_DOC_TYPES.some((t) => mediaTypeMatches(ct, t));
}
export function isOpds2Type(ct: string | null | undefined): boolean {
  return mediaTypeMatches(ct, OPDS2);
}
/** OPDS 1 catalogs: acquisition or navigation feeds (B3: the reference rejected navigation roots). */
export function isOpds1Type(ct: string | null | undefined): boolean {
  const m = parseMediaType(ct);
  return !!m && m.type === "application" && m.subtype === "atom+xml" && m.params.profile === "opds-catalog";
}

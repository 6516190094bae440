// Validating an Authentication for OPDS document for the directory (protocol.md §4,
// extensions.md §2–3) and deriving the LibraryInfo a directory publishes. Every check runs and
// every failure is returned (B4: the reference reported only the last); every href is resolved
// against the registered URL (B6).
import { problem, type Problem } from "./problem.ts";
import { ANONYMOUS_FLOW, HTML, REL, isOpds1Type, isOpds2Type, parseMediaType } from "./media-types.ts";
import type { LibraryInfo, LinkInfo } from "./library-info.ts";
import { hasRel, isObject, resolveHref, sameUrl, schemeOf } from "./links.ts";
import {
  type Findings,
  checkFeatures,
  checkFlowInputs,
  checkFlowLabels,
  checkWebColorScheme,
  readArea,
  readAudiences,
  readCollectionSize,
  readColorScheme,
  readPublicKey,
  readServiceDescription,
} from "./extensions.ts";

export { detectDocumentKind, type DocumentKind } from "./document-kind.ts";

/** Which profile requirements are errors; when one is off, its absence is only a warning. */
export interface AuthPolicy {
  require_help: boolean;
  require_copyright_agent: boolean;
  require_service_area: boolean;
  /** Schemes a `help` link may use, lower case, without the colon. */
  help_schemes: string[];
}

/**
 * Help is required (both reference registries require it, and apps show it to patrons); the
 * copyright agent, though required by the reference, matters only to US libraries, so it is a
 * warning by default; service_area absent means "everywhere" to clients.
 */
export const DEFAULT_POLICY: AuthPolicy = {
  require_help: true,
  require_copyright_agent: false,
  require_service_area: false,
  help_schemes: ["mailto", "http", "https", "tel"],
};

export interface AuthDocumentValidation {
  /** Present only when there are no errors. */
  info?: LibraryInfo;
  errors: Problem[];
  warnings: Problem[];
  /** The `public_key` member, when its shape is `{type: "RSA", value: string}`; parsed by crypto code. */
  publicKey?: unknown;
}

export interface ValidateOptions {
  /** The registered URL: the document's `id` must equal it, and relative hrefs resolve against it. */
  url: string;
  policy?: AuthPolicy;
}

const OAUTH_FLOWS = ["http://opds-spec.org/auth/oauth/implicit", "http://opds-spec.org/auth/oauth/password"];
const HELP_TITLE = "Invalid or missing patron support email address or website";
const COPYRIGHT_TITLE = "Invalid or missing copyright designated agent email address";

type Link = Record<string, unknown> & { href: string };

export function validateAuthDocument(doc: unknown, opts: ValidateOptions): AuthDocumentValidation {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const f: Findings = { errors: [], warnings: [] };
  if (!isObject(doc)) {
    const what = Array.isArray(doc) ? "an array" : doc === null ? "null" : typeof doc;
    return { errors: [problem("notAuthDocument", `The Authentication for OPDS document must be a JSON object, got ${what}.`)], warnings: [] };
  }

  // Core document (A4OPDS §2) and the registries' checks 7–10 (protocol.md §4), all of them.
  const id = typeof doc.id === "string" && doc.id !== "" ? doc.id : undefined;
  if (id === undefined) f.errors.push(problem("invalidDocument", "The OPDS authentication document is missing an id."));
  else if (!sameUrl(id, opts.url)) {
    f.errors.push(problem("idMismatch", `The OPDS authentication document's id (${id}) doesn't match its url (${opts.url}).`));
  }
  const title = nonEmpty(doc.title) ?? nonEmpty(doc.name);
  if (title === undefined) f.errors.push(problem("missingTitle", "The OPDS authentication document is missing a title."));

  const links = topLevelLinks(doc, f);
  const flows = readFlows(doc, f);
  const start = readStart(links, opts.url, f);
  const help = readContacts(links, REL.help, opts.url, policy.help_schemes, policy.require_help, HELP_TITLE, f);
  const copyright = readContacts(links, REL.copyrightAgent, opts.url, ["mailto"], policy.require_copyright_agent, COPYRIGHT_TITLE, f);
  const logo = readLogo(links, opts.url, f);
  const website = readWebsite(links, opts.url, f);
  const registration = readRegistration(links, flows.links, opts.url, f);

  // Extensions (extensions.md §3).
  const description = readServiceDescription(doc, f);
  const colorScheme = readColorScheme(doc, f);
  checkWebColorScheme(doc, f);
  const collectionSize = readCollectionSize(doc, f);
  const audiences = readAudiences(doc, f);
  const serviceArea = readArea(doc, "service_area", f);
  const focusArea = readArea(doc, "focus_area", f);
  if (doc.service_area === undefined) {
    const p = problem("invalidDocument", "The document has no 'service_area'; clients assume the library serves everywhere.");
    (policy.require_service_area ? f.errors : f.warnings).push(p);
  }
  const publicKey = readPublicKey(doc, f);
  checkFeatures(doc, f);

  const out: AuthDocumentValidation = { errors: f.errors, warnings: f.warnings };
  if (publicKey !== undefined) out.publicKey = publicKey;
  if (f.errors.length > 0 || id === undefined || title === undefined || start === undefined) return out;

  const info: LibraryInfo = {
    id,
    title,
    start,
    help,
    copyright_agent: copyright,
    anonymous_access: flows.anonymous,
    audiences,
  };
  if (description !== undefined) info.description = description;
  if (website !== undefined) info.website = website;
  if (logo !== undefined) info.logo = logo;
  if (registration !== undefined) info.registration_url = registration;
  if (collectionSize !== undefined) info.collection_size = collectionSize;
  if (serviceArea !== undefined) info.service_area = serviceArea;
  if (focusArea !== undefined) info.focus_area = focusArea;
  if (colorScheme !== undefined) info.color_scheme = colorScheme;
  out.info = info;
  return out;
}

function nonEmpty(x: unknown): string | undefined {
  return typeof x === "string" && x.trim() !== "" ? x : undefined;
}

/** `links`: an array of Link Objects; items without a string href are reported and skipped. */
function linkList(v: unknown, where: string, f: Findings, missing: "error" | "ok"): Link[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    const p = problem("invalidDocument", `'${where}' must be an array of Link Objects.`);
    (missing === "error" ? f.errors : f.warnings).push(p);
    return [];
  }
  const out: Link[] = [];
  v.forEach((link, i) => {
    if (isObject(link) && typeof link.href === "string") out.push(link as Link);
    else f.warnings.push(problem("invalidDocument", `'${where}[${i}]' is not a Link Object with an 'href'; ignored.`));
  });
  return out;
}

function topLevelLinks(doc: Record<string, unknown>, f: Findings): Link[] {
  return linkList(doc.links, "links", f, "error");
}

/** A4OPDS §3: `authentication` is a required array of flows, each with a `type`. */
function readFlows(doc: Record<string, unknown>, f: Findings): { anonymous: boolean; links: Link[] } {
  const v = doc.authentication;
  let anonymous = false;
  const links: Link[] = [];
  if (!Array.isArray(v)) {
    f.errors.push(problem("invalidDocument", `'authentication' must be an array of authentication flows; it is ${v === undefined ? "missing" : "not an array"}.`));
    return { anonymous, links };
  }
  if (v.length === 0) {
    f.warnings.push(problem("invalidDocument", "'authentication' lists no flow; apps treat the library as needing no login."));
  }
  v.forEach((flow, i) => {
    const where = `authentication[${i}]`;
    if (!isObject(flow) || typeof flow.type !== "string" || flow.type === "") {
      f.errors.push(problem("invalidDocument", `'${where}' must be an object with a 'type' URI.`));
      return;
    }
    if (flow.type === ANONYMOUS_FLOW) anonymous = true;
    const flowLinks = linkList(flow.links, `${where}.links`, f, "ok");
    links.push(...flowLinks);
    if (OAUTH_FLOWS.includes(flow.type) && !flowLinks.some((l) => hasRel(l, REL.authenticate))) {
      f.warnings.push(problem("invalidDocument", `'${where}' is an OAuth flow without an 'authenticate' link; apps cannot log in with it.`));
    }
    checkFlowLabels(flow, where, f);
    checkFlowInputs(flow, where, f);
  });
  return { anonymous, links };
}

const isOpdsType = (t: unknown) => typeof t === "string" && (isOpds1Type(t) || isOpds2Type(t));

/**
 * The library's root catalog. The reference takes the first `start` link whose type starts with
 * `application/atom+xml;profile=opds-catalog`, else the first `start`; here the types are parsed
 * (so spaces and parameter order do not matter) and an OPDS 2 typed link qualifies too.
 */
function readStart(links: Link[], base: string, f: Findings): LinkInfo | undefined {
  const starts = links.filter((l) => hasRel(l, REL.start));
  const chosen = starts.find((l) => isOpdsType(l.type)) ?? starts[0];
  if (!chosen) {
    f.errors.push(problem("missingStart", "The OPDS authentication document is missing a 'start' link to the root OPDS feed."));
    return undefined;
  }
  const href = resolveHref(chosen.href, base);
  if (href === null || !/^https?$/.test(schemeOf(href) ?? "")) {
    f.errors.push(problem("missingStart", `The 'start' link ${JSON.stringify(chosen.href)} is not an http(s) URL.`));
    return undefined;
  }
  const out: LinkInfo = { href };
  if (typeof chosen.type === "string") {
    out.type = chosen.type;
    if (!isOpdsType(chosen.type)) {
      f.warnings.push(problem("invalidDocument", `The 'start' link's type ${JSON.stringify(chosen.type)} is not an OPDS media type.`));
    }
  }
  return out;
}

/** A usable contact URI: an allowed scheme, and an address after `mailto:` / a number after `tel:`. */
function usableContact(url: string, schemes: string[]): boolean {
  const scheme = schemeOf(url);
  if (scheme === null || !schemes.includes(scheme)) return false;
  if (scheme === "mailto") return /^mailto:[^@\s]+@[^@\s]+$/i.test(decodeSafely(url.split("?")[0]));
  if (scheme === "tel") return /\d/.test(url);
  return true;
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `help` and copyright-agent links (protocol.md §4: top-level links only). Each unusable one is a
 * warning; none usable is an error or a warning as the policy says, with the reference's title.
 */
function readContacts(links: Link[], rel: string, base: string, schemes: string[], required: boolean, title: string, f: Findings): string[] {
  const out: string[] = [];
  for (const link of links.filter((l) => hasRel(l, rel))) {
    const href = resolveHref(link.href, base);
    if (href !== null && usableContact(href, schemes)) {
      if (!out.includes(href)) out.push(href);
    } else {
      f.warnings.push(problem("invalidContact", `Ignored ${JSON.stringify(link.href)} with rel=${rel}: not a usable ${schemes.join(", ")} URI.`, { title }));
    }
  }
  if (out.length === 0) {
    const p = problem("invalidContact", `No valid ${schemes.map((s) => `${s}:`).join(" / ")} link found with rel=${rel}`, { title });
    (required ? f.errors : f.warnings).push(p);
  }
  return out;
}

/** extensions.md §3.8: the first usable `logo` link, else `icon` (B14); data: or http(s). */
function readLogo(links: Link[], base: string, f: Findings): LinkInfo | undefined {
  for (const rel of [REL.logo, REL.icon]) {
    for (const link of links.filter((l) => hasRel(l, rel))) {
      const href = resolveHref(link.href, base);
      if (href !== null && ["data", "http", "https"].includes(schemeOf(href) ?? "")) {
        const out: LinkInfo = { href };
        if (typeof link.type === "string") out.type = link.type;
        return out;
      }
      f.warnings.push(problem("invalidDocument", `Ignored ${rel} link ${JSON.stringify(link.href.slice(0, 80))}: not a data: or http(s) URL.`));
    }
  }
  return undefined;
}

/** extensions.md §3.11: the first top-level `alternate` typed text/html; untyped ones are not the website. */
function readWebsite(links: Link[], base: string, f: Findings): string | undefined {
  for (const link of links.filter((l) => hasRel(l, REL.alternate))) {
    const mt = parseMediaType(typeof link.type === "string" ? link.type : null);
    if (!mt || `${mt.type}/${mt.subtype}` !== HTML) continue;
    const href = resolveHref(link.href, base);
    if (href !== null && /^https?$/.test(schemeOf(href) ?? "")) return href;
    f.warnings.push(problem("invalidDocument", `Ignored alternate link ${JSON.stringify(link.href)}: not an http(s) URL.`));
  }
  return undefined;
}

/** extensions.md §3.12: a human sign-up page, top level first, then inside a flow. */
function readRegistration(links: Link[], flowLinks: Link[], base: string, f: Findings): string | undefined {
  for (const link of [...links, ...flowLinks].filter((l) => hasRel(l, REL.register))) {
    const href = resolveHref(link.href, base);
    if (href !== null) return href;
    f.warnings.push(problem("invalidDocument", `Ignored register link ${JSON.stringify(link.href)}: not a URL.`));
  }
  return undefined;
}

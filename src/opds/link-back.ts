// The link-back check (protocol.md §5): the library's root OPDS feed must link to the
// Authentication for OPDS document being registered, so that only someone who controls the
// catalog can register it. Also the discovery half of the legacy flow (§10), which follows the
// same links from the feed to the document.
import { problem, type Problem } from "./problem.ts";
import { REL, isOpds1Type, isOpds2Type } from "./media-types.ts";
import { decodeJsonBody, decodeText } from "./body.ts";
import { extractFeedLinks } from "./xml-links.ts";
import { parseLinkHeader } from "./link-header.ts";
import { detectDocumentKind } from "./document-kind.ts";
import { isObject, relsOf, resolveHref, sameUrl } from "./links.ts";

/** What the fetcher hands over: the response to GET on the `start` href (or the legacy URL). */
export interface RootResponse {
  /** The final response URL, after redirects: relative hrefs resolve against it. */
  url: string;
  status: number;
  contentType: string | null;
  /** The `Link` header; when left out, read from `headers` (so a fetch result fits as it is). */
  linkHeader?: string | null;
  headers?: { get(name: string): string | null };
  body: Uint8Array;
}

function linkHeaderOf(resp: RootResponse): string | null {
  return resp.linkHeader !== undefined ? resp.linkHeader : (resp.headers?.get("link") ?? null);
}

/** "unknown": neither an OPDS feed nor a 401 auth document; `problems` says why. */
export type RootKind = "opds1" | "opds2" | "auth-document" | "unknown";

export interface RootCandidates {
  kind: RootKind;
  /** Absolute URLs (WHATWG-serialised), in preference order, without duplicates. */
  candidates: string[];
  problems: Problem[];
}

interface Found {
  rel: string;
  href: string; // resolved
}

/**
 * Every href that, by one of `rels`, points from this response to an auth document: from the
 * `Link` header (always, for every kind: B2 dropped it for OPDS 2), the feed body, or a 401 body
 * that is itself the document (its `id`).
 */
function collect(resp: RootResponse, rels: readonly string[]): { kind: RootKind; found: Found[]; problems: Problem[] } {
  const found: Found[] = [];
  const problems: Problem[] = [];
  const add = (rel: string, href: string) => {
    const abs = resolveHref(href, resp.url);
    if (abs !== null) found.push({ rel, href: abs });
  };

  // RFC 8288 §3.2: a link with an `anchor` describes another resource, so it is not ours.
  for (const link of parseLinkHeader(linkHeaderOf(resp))) {
    if (link.params.anchor !== undefined && resolveHref(link.params.anchor, resp.url) !== resolveHref(resp.url, resp.url)) continue;
    for (const rel of rels) if (link.rels.includes(rel.toLowerCase())) add(rel, link.href);
  }

  // A4OPDS §2 discovery: a protected resource answers 401 with the document as its body (B1/B3:
  // reachable here, and either A4OPDS type, with parameters, is accepted).
  if (resp.status === 401) {
    const unusable = (why: string) =>
      problems.push(problem("notAuthDocument", `401 response at ${resp.url} did not yield an Authentication For OPDS document: ${why}`));
    const decoded = decodeJsonBody(resp.body, resp.contentType);
    if ("problem" in decoded) unusable(decoded.problem.detail ?? decoded.problem.title);
    else if (detectDocumentKind(resp.contentType, decoded.value) !== "auth-document") {
      unusable(`the body (Content-Type ${resp.contentType ?? "none"}) is neither typed as nor shaped like one.`);
    } else if (!isObject(decoded.value) || typeof decoded.value.id !== "string") unusable("the document has no id.");
    else {
      add(REL.authDocument, decoded.value.id);
      return { kind: "auth-document", found, problems };
    }
    return { kind: "unknown", found, problems };
  }

  if (resp.status < 200 || resp.status > 299) {
    problems.push(problem("remoteFailed", `${resp.status} response from OPDS root document at ${resp.url}`));
    return { kind: "unknown", found, problems };
  }

  // B3: media types are parsed; OPDS 1 acquisition and navigation feeds and OPDS 2 all qualify.
  if (isOpds1Type(resp.contentType)) {
    const text = decodeText(resp.body);
    if ("problem" in text) problems.push(text.problem);
    else {
      const feed = extractFeedLinks(text.text);
      if ("problem" in feed) problems.push(feed.problem);
      else if (feed.rootName !== "feed") {
        problems.push(problem("notOpds", `OPDS root document at ${resp.url} is typed as an OPDS 1 feed but its root element is <${feed.rootName}>, not an Atom <feed>.`));
      } else {
        for (const link of feed.links) for (const rel of rels) if (link.rel === rel) add(rel, link.href);
      }
    }
    return { kind: "opds1", found, problems };
  }

  if (isOpds2Type(resp.contentType)) {
    const decoded = decodeJsonBody(resp.body, resp.contentType);
    if ("problem" in decoded) problems.push(decoded.problem);
    else if (!isObject(decoded.value)) {
      problems.push(problem("notOpds", `OPDS root document at ${resp.url} is typed as OPDS 2 but its body is not a JSON object.`));
    } else {
      for (const { rel, href } of opds2Links(decoded.value.links, rels)) add(rel, href);
    }
    return { kind: "opds2", found, problems };
  }

  problems.push(
    problem(
      "notOpds",
      `Supposed root document at ${resp.url} does not appear to be an OPDS document (Content-Type: ${resp.contentType ?? "none"}); ` +
        "expected an OPDS 1 feed (application/atom+xml;profile=opds-catalog) or OPDS 2 (application/opds+json).",
    ),
  );
  return { kind: "unknown", found, problems };
}

/**
 * OPDS 2 `links`: the standard array of Link Objects (rel a string or an array, B2), and, for
 * compatibility with what the reference registries read, an object keyed by rel whose value is a
 * Link Object or an array of them.
 */
function opds2Links(links: unknown, rels: readonly string[]): Found[] {
  const out: Found[] = [];
  if (Array.isArray(links)) {
    for (const link of links) {
      if (!isObject(link) || typeof link.href !== "string") continue;
      const its = relsOf(link);
      for (const rel of rels) if (its.includes(rel)) out.push({ rel, href: link.href });
    }
  } else if (isObject(links)) {
    for (const rel of rels) {
      const value = links[rel];
      for (const link of Array.isArray(value) ? value : [value]) {
        if (isObject(link) && typeof link.href === "string") out.push({ rel, href: link.href });
      }
    }
  }
  return out;
}

function ordered(found: Found[], rels: readonly string[]): string[] {
  const out: string[] = [];
  for (const rel of rels) for (const f of found) if (f.rel === rel && !out.includes(f.href)) out.push(f.href);
  return out;
}

/** Candidate auth-document URLs (rel `http://opds-spec.org/auth/document`) of a root response. */
export function findAuthDocumentCandidates(resp: RootResponse): RootCandidates {
  const rels = [REL.authDocument];
  const { kind, found, problems } = collect(resp, rels);
  return { kind, candidates: ordered(found, rels), problems };
}

/**
 * The legacy flow (protocol.md §10): where to look for the auth document from a root feed, best
 * first. `http://opds-spec.org/auth/document` (what the 2017 code used), then `authenticate` (the
 * earlier protocol text), then `http://opds-spec.org/shelf` (a 401 from the shelf carries the
 * document). When the response is itself a 401 auth document, kind is "auth-document" and the
 * only candidate is its id.
 */
export function findLegacyAuthCandidates(resp: RootResponse): RootCandidates {
  const rels = [REL.authDocument, REL.authenticate, REL.shelf];
  const { kind, found, problems } = collect(resp, rels);
  return { kind, candidates: ordered(found, rels), problems };
}

/** The URLs of `findLegacyAuthCandidates`, best first; empty when the feed links to none. */
export function findLegacyAuthLinks(resp: RootResponse): string[] {
  return findLegacyAuthCandidates(resp).candidates;
}

/**
 * Every problem with the root response, plus noLinkBack when none of its candidates is the
 * registered URL. The reference compares exact strings; candidates here come out of
 * `new URL(href, base).href`, which normalises (lower-case scheme and host, default port dropped,
 * "/" for an empty path), so the registered URL matches either as written or in that same
 * normalised form. Nothing else (trailing slashes, query order) is forgiven.
 */
export function checkLinkBack(resp: RootResponse, registeredUrl: string, opts: { legacy?: boolean } = {}): Problem[] {
  // In the legacy flow the document may have been found through `authenticate` or `shelf`: the
  // start feed's own link by those rels links back as well.
  const { candidates, problems } = opts.legacy ? findLegacyAuthCandidates(resp) : findAuthDocumentCandidates(resp);
  if (!candidates.some((c) => sameUrl(c, registeredUrl))) {
    problems.push(
      problem("noLinkBack", `OPDS root document at ${resp.url} does not link back to authentication document ${registeredUrl}`, {
        candidates,
      }),
    );
  }
  return problems;
}

// Finding and validating a library's Authentication for OPDS document: the checks of the
// OPDS Directory Registration Protocol, shared by the registration handshake and the build.
// Every failure found is collected (B4); nothing here writes anything.
//
// Identity rule: a document is recorded as the library at URL U only when it was fetched from U
// (redirects followed). A document found through the legacy flow (a feed's link, a 401 body) whose
// `id` names another URL is confirmed by fetching that URL and finding the very same document
// there; otherwise anyone could serve a document claiming another library's id and take its record.
import { isDeepStrictEqual } from "node:util";
import { problem, type Problem } from "../opds/problem.ts";
import { decodeJsonBody } from "../opds/body.ts";
import { validateAuthDocument, detectDocumentKind, type AuthPolicy } from "../opds/auth-document.ts";
import { checkLinkBack, findLegacyAuthLinks } from "../opds/link-back.ts";
import { sameUrl } from "../opds/links.ts";
import { MAX_LOGO_HREF_CHARS, oversizeStrings } from "../opds/string-caps.ts";
import type { LibraryInfo } from "../opds/library-info.ts";
import { FetchError, fetchErrorToProblem, type FetchedResponse } from "../net/safe-fetch.ts";
import type { Fetcher } from "./fetcher.ts";

export interface DiscoverOptions {
  fetch: Fetcher;
  policy: AuthPolicy;
  /** Check that the start feed links back (the build may skip it; the handshake never does). */
  checkLinkBack: boolean;
  /** Accept the earlier revision's flow, where `url` is the OPDS feed. */
  allowLegacy: boolean;
  /** Ends every fetch still running: the overall deadline of one registration. */
  signal?: AbortSignal;
}

export type Discovery =
  | { ok: true; authUrl: string; flow: "current" | "legacy"; info: LibraryInfo; publicKey?: unknown; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

type Fetched = { response: FetchedResponse } | { problem: Problem };

/** One discovery's fetches, by requested URL: a URL met twice (start = registered URL) is read once. */
class Session {
  private seen = new Map<string, Promise<Fetched>>();
  constructor(readonly opts: DiscoverOptions) {}

  get(url: string, what: string): Promise<Fetched> {
    const known = [...this.seen.keys()].find((u) => sameUrl(u, url));
    if (known !== undefined) return this.seen.get(known)!;
    const got = this.fetch(url, what);
    this.seen.set(url, got);
    return got;
  }

  private async fetch(url: string, what: string): Promise<Fetched> {
    try {
      return { response: await this.opts.fetch(url, this.opts.signal ? { signal: this.opts.signal } : undefined) };
    } catch (err) {
      if (err instanceof FetchError) return { problem: fetchErrorToProblem(err, what) };
      return { problem: problem("remoteFailed", `Error retrieving ${what} ${url}: ${(err as Error).message}`) };
    }
  }
}

const failed = (errors: Problem[], warnings: Problem[] = []): Discovery => ({ ok: false, errors, warnings });

function statusProblem(r: FetchedResponse, what: string, url: string): Problem {
  if (r.status === 404) return problem("documentNotFound", `No ${what} present at ${url}`);
  const body = Buffer.from(r.body.subarray(0, 200)).toString("utf8").replace(/\s+/g, " ");
  return { ...problem("remoteFailed", `${r.status} response from ${url}${body ? `: ${body}` : ""}`), title: "Third-party service failed." };
}

function isSuccess(status: number) {
  return status >= 200 && status < 300;
}

/** Parses a response body as an Authentication for OPDS document, or says why not. */
function parseAuthBody(r: FetchedResponse): { doc?: unknown; problem?: Problem } {
  const decoded = decodeJsonBody(r.body, r.contentType);
  if ("problem" in decoded) return { problem: decoded.problem };
  return { doc: decoded.value };
}

/** The document a response carries (2xx, or a 401 body), when it is an Authentication for OPDS document. */
function authDocumentOf(r: FetchedResponse): unknown | undefined {
  if (!isSuccess(r.status) && r.status !== 401) return undefined;
  const { doc } = parseAuthBody(r);
  return doc !== undefined && detectDocumentKind(r.contentType, doc) === "auth-document" ? doc : undefined;
}

export async function discoverLibrary(url: string, opts: DiscoverOptions): Promise<Discovery> {
  const session = new Session(opts);
  const first = await session.get(url, "auth document");
  if ("problem" in first) return failed([first.problem]);
  const r = first.response;

  // 401 carrying the document: the earlier revision's entry point (url is the feed).
  if (r.status === 401) {
    const doc = authDocumentOf(r);
    if (opts.allowLegacy && doc !== undefined) return confirmLegacy(session, doc, url, url);
    return failed([problem("remoteFailed", `${url} is behind an authentication gateway and did not yield an Authentication For OPDS document`)]);
  }
  if (!isSuccess(r.status)) return failed([statusProblem(r, "Authentication For OPDS document", url)]);

  // Decoded once: the parsed value tells an auth document from an OPDS 2 feed, and is validated.
  const parsed = parseAuthBody(r);
  const kind = detectDocumentKind(r.contentType, parsed.doc);
  if (kind === "opds1-feed" || kind === "opds2-feed") {
    if (!opts.allowLegacy) return failed([problem("notAuthDocument", `${url} is an OPDS feed; register the URL of its Authentication for OPDS document`)]);
    return discoverFromFeed(session, url, r);
  }
  if (parsed.problem) return failed([parsed.problem]);
  // Current flow: the document was fetched from `url`, so its id must be `url`.
  return validateDiscovered(session, parsed.doc, { authUrl: url, expectedId: url, flow: "current" });
}

function docId(doc: unknown): string | undefined {
  const id = (doc as { id?: unknown })?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Legacy flow: `url` is an OPDS feed that links to its document (protocol.md §10). */
async function discoverFromFeed(session: Session, feedUrl: string, feed: FetchedResponse): Promise<Discovery> {
  const candidates = findLegacyAuthLinks(feed);
  if (!candidates.length) {
    return failed([problem("notAuthDocument", `${feedUrl} is an OPDS feed without a link to an Authentication For OPDS document (rel http://opds-spec.org/auth/document)`)]);
  }
  const errors: Problem[] = [];
  for (const candidate of candidates.slice(0, 3)) {
    const got = await session.get(candidate, "auth document");
    if ("problem" in got) {
      errors.push(got.problem);
      continue;
    }
    const r = got.response;
    if (!isSuccess(r.status) && r.status !== 401) {
      errors.push(statusProblem(r, "Authentication For OPDS document", candidate));
      continue;
    }
    const parsed = parseAuthBody(r);
    if (parsed.problem) {
      errors.push(parsed.problem);
      continue;
    }
    if (detectDocumentKind(r.contentType, parsed.doc) !== "auth-document") {
      errors.push(problem("notAuthDocument", `${candidate}, linked from ${feedUrl}, is not an Authentication For OPDS document`));
      continue;
    }
    return confirmLegacy(session, parsed.doc, candidate, feedUrl);
  }
  return failed(errors);
}

/**
 * A legacy-flow document fetched from `fetchedFrom`. Its id may be that URL, or the feed URL that
 * was registered (the earlier revision's rule): either way it is recorded at `fetchedFrom`, where
 * it was read. An id naming any other URL is believed only when that URL serves the same document.
 */
async function confirmLegacy(session: Session, doc: unknown, fetchedFrom: string, feedUrl: string): Promise<Discovery> {
  const id = docId(doc);
  if (id === undefined || sameUrl(id, fetchedFrom) || sameUrl(id, feedUrl)) {
    return validateDiscovered(session, doc, { authUrl: fetchedFrom, expectedId: id ?? fetchedFrom, flow: "legacy" });
  }
  const mismatch = (why: string) =>
    failed([problem("documentMismatch", `Authentication For OPDS document guarding ${fetchedFrom} does not match the one at ${id}: ${why}`)]);
  let target: URL;
  try {
    target = new URL(id);
  } catch {
    return failed([problem("idMismatch", `The OPDS authentication document at ${fetchedFrom} has an id (${id.slice(0, 200)}) that is not a URL.`)]);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return mismatch("its id is not an http(s) URL.");
  const there = await session.get(id, "auth document");
  if ("problem" in there) return failed([there.problem]);
  const other = authDocumentOf(there.response);
  if (other === undefined) return mismatch(`${id} does not serve an Authentication For OPDS document.`);
  if (!isDeepStrictEqual(other, doc)) return mismatch("the two documents differ.");
  return validateDiscovered(session, doc, { authUrl: id, expectedId: id, flow: "legacy" });
}

async function validateDiscovered(
  session: Session,
  doc: unknown,
  ctx: { authUrl: string; expectedId: string; flow: "current" | "legacy" },
): Promise<Discovery> {
  const { opts } = session;
  const v = validateAuthDocument(doc, { url: ctx.expectedId, policy: opts.policy });
  const errors = [...v.errors];
  const warnings = [...v.warnings];
  let info = v.info;
  // A logo too long to keep (a data: URI of over a megabyte) costs the library its image, not its
  // listing: it is dropped with a warning, as a logo that fails to convert is.
  if (info?.logo && info.logo.href.length > MAX_LOGO_HREF_CHARS) {
    warnings.push(problem("invalidDocument", `'logo.href' is ${info.logo.href.length} characters long; the registry keeps at most ${MAX_LOGO_HREF_CHARS}: the library is listed without an image (link a PNG of 135×135 by URL).`));
    info = { ...info, logo: undefined };
  }
  if (info) errors.push(...oversizeStrings(info));
  // The link-back proves the library controls both documents. It is always read from the start
  // feed's own content, also when `start` is the URL that was registered (read once, reused).
  if (info && opts.checkLinkBack) errors.push(...(await linkBackProblems(session, info.start.href, ctx.authUrl, doc, ctx.flow)));
  if (errors.length || !info) return failed(errors.length ? errors : [problem("invalidDocument")], warnings);
  return { ok: true, authUrl: ctx.authUrl, flow: ctx.flow, info, publicKey: v.publicKey, warnings };
}

async function linkBackProblems(session: Session, startUrl: string, authUrl: string, doc: unknown, flow: "current" | "legacy"): Promise<Problem[]> {
  const start = await session.get(startUrl, "OPDS root document at");
  if ("problem" in start) return [start.problem];
  const r = start.response;
  if (r.status === 404) return [problem("documentNotFound", `No OPDS root document present at ${startUrl}`)];
  if (!isSuccess(r.status) && r.status !== 401) return [statusProblem(r, "OPDS root document", startUrl)];
  const errors = checkLinkBack(r, authUrl, { legacy: flow === "legacy" });
  // A feed guarded by a 401 links back only with the very document being registered.
  const guarding = r.status === 401 ? authDocumentOf(r) : undefined;
  if (guarding !== undefined && !isDeepStrictEqual(guarding, doc)) {
    errors.push(problem("documentMismatch", `Authentication For OPDS document guarding ${startUrl} does not match the one at ${authUrl}`));
  }
  return errors;
}

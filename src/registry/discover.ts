// Finding and validating a library's Authentication for OPDS document: the checks of the
// OPDS Directory Registration Protocol, shared by the registration handshake and the build.
// Every failure found is collected (B4); nothing here writes anything.
import { problem, type Problem } from "../opds/problem.ts";
import { decodeJsonBody } from "../opds/body.ts";
import { validateAuthDocument, detectDocumentKind, type AuthPolicy } from "../opds/auth-document.ts";
import { checkLinkBack, findLegacyAuthLinks } from "../opds/link-back.ts";
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

async function get(opts: DiscoverOptions, url: string, what: string): Promise<Fetched> {
  try {
    return { response: await opts.fetch(url, opts.signal ? { signal: opts.signal } : undefined) };
  } catch (err) {
    if (err instanceof FetchError) return { problem: fetchErrorToProblem(err, what) };
    return { problem: problem("remoteFailed", `Error retrieving ${what} ${url}: ${(err as Error).message}`) };
  }
}

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

export async function discoverLibrary(url: string, opts: DiscoverOptions): Promise<Discovery> {
  const first = await get(opts, url, "auth document");
  if ("problem" in first) return { ok: false, errors: [first.problem], warnings: [] };
  const r = first.response;

  // 401 carrying the document: the earlier revision's entry point (url is the feed).
  if (r.status === 401) {
    const { doc } = parseAuthBody(r);
    if (opts.allowLegacy && doc !== undefined && detectDocumentKind(r.contentType, doc) === "auth-document") {
      return validateDiscovered(doc, { authUrl: docId(doc) ?? url, feedUrl: url, flow: "legacy", opts });
    }
    return { ok: false, errors: [problem("remoteFailed", `${url} is behind an authentication gateway and did not yield an Authentication For OPDS document`)], warnings: [] };
  }
  if (!isSuccess(r.status)) return { ok: false, errors: [statusProblem(r, "Authentication For OPDS document", url)], warnings: [] };

  // Decoded once: the parsed value tells an auth document from an OPDS 2 feed, and is validated.
  const parsed = parseAuthBody(r);
  const kind = detectDocumentKind(r.contentType, parsed.doc);
  if (kind === "opds1-feed" || kind === "opds2-feed") {
    if (!opts.allowLegacy) return { ok: false, errors: [problem("notAuthDocument", `${url} is an OPDS feed; register the URL of its Authentication for OPDS document`)], warnings: [] };
    return discoverFromFeed(url, r, opts);
  }
  if (parsed.problem) return { ok: false, errors: [parsed.problem], warnings: [] };
  return validateDiscovered(parsed.doc, { authUrl: url, feedUrl: undefined, flow: "current", opts });
}

function docId(doc: unknown): string | undefined {
  const id = (doc as { id?: unknown })?.id;
  return typeof id === "string" ? id : undefined;
}

/** Legacy flow: `url` is an OPDS feed that links to its document (protocol.md §10). */
async function discoverFromFeed(feedUrl: string, feed: FetchedResponse, opts: DiscoverOptions): Promise<Discovery> {
  const candidates = findLegacyAuthLinks(feed);
  if (!candidates.length) {
    return { ok: false, errors: [problem("notAuthDocument", `${feedUrl} is an OPDS feed without a link to an Authentication For OPDS document (rel http://opds-spec.org/auth/document)`)], warnings: [] };
  }
  const errors: Problem[] = [];
  for (const candidate of candidates.slice(0, 3)) {
    const got = await get(opts, candidate, "auth document");
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
    return validateDiscovered(parsed.doc, { authUrl: r.status === 401 ? docId(parsed.doc) ?? candidate : candidate, feedUrl, flow: "legacy", opts });
  }
  return { ok: false, errors, warnings: [] };
}

async function validateDiscovered(
  doc: unknown,
  ctx: { authUrl: string; feedUrl: string | undefined; flow: "current" | "legacy"; opts: DiscoverOptions },
): Promise<Discovery> {
  const { opts } = ctx;
  // Legacy documents may carry the feed URL as their id (the earlier revision's rule).
  const id = docId(doc);
  const expected = ctx.flow === "legacy" && id !== undefined && id === ctx.feedUrl ? ctx.feedUrl : ctx.authUrl;
  const v = validateAuthDocument(doc, { url: expected, policy: opts.policy });
  const errors = [...v.errors];
  const warnings = [...v.warnings];
  const info = v.info;
  // The link-back proves the library controls both documents. In the legacy flow the feed's own
  // link to the document already proved it, unless `start` names another feed.
  if (info && opts.checkLinkBack && !(ctx.flow === "legacy" && info.start.href === ctx.feedUrl)) {
    const start = await get(opts, info.start.href, "OPDS root document at");
    if ("problem" in start) errors.push(start.problem);
    else if (start.response.status === 404) errors.push(problem("documentNotFound", `No OPDS root document present at ${info.start.href}`));
    else if (!isSuccess(start.response.status) && start.response.status !== 401) errors.push(statusProblem(start.response, "OPDS root document", info.start.href));
    else errors.push(...checkLinkBack(start.response, ctx.flow === "legacy" ? ctx.authUrl : expected));
  }
  if (errors.length || !info) return { ok: false, errors: errors.length ? errors : [problem("invalidDocument")], warnings };
  return { ok: true, authUrl: ctx.flow === "legacy" ? ctx.authUrl : expected, flow: ctx.flow, info, publicKey: v.publicKey, warnings };
}

// RFC 7807 problem details. Failures are values: every check returns Problem[] and the caller
// decides how to report them.
//
// Two levels of type. A client that reads only `type` (the circulation manager, anything written
// for the reference registries) must see what a reference registry would have sent, so the
// top-level `type` and `title` are always one of the reference types under
// http://librarysimplified.org/terms/problem/ where one applies (protocol.md §9): every document,
// link-back, id and extension failure is `invalid-integration-document`, a fetch that fails is
// `remote-integration-failed`, and so on. Our finer types (under a tag URI, RFC 4151, stable
// whatever host runs the registry) are kept as the `subtype` member of a single problem and as the
// `type` of each item of an aggregate's `errors` and `warnings`. The mapping is the `reference`
// column of PROBLEMS below, and nowhere else.

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Our finer type URI, when the top-level `type` is the reference registries' broader one. */
  subtype?: string;
  /** Extension members, e.g. `errors` and `warnings` on an aggregate. */
  [extension: string]: unknown;
}

export const LS = "http://librarysimplified.org/terms/problem/";
export const OURS = "tag:opds-registry.org,2026:problem/";

interface Kind { type: string; title: string; status: number; reference?: Kind }
const kind = (type: string, title: string, status: number, reference?: Kind): Kind => ({ type, title, status, reference });

// The reference registries' types (protocol.md §9), which our own types map onto.
const REF = {
  noUrl: kind(`${LS}no-opds-auth-url`, "No Authentication For OPDS URL", 400),
  credentialsInvalid: kind(`${LS}credentials-invalid`, "The library could not be authenticated.", 401),
  timeout: kind(`${LS}timeout`, "Request timed out", 408),
  documentNotFound: kind(`${LS}integration-document-not-found`, "Document not found", 400),
  remoteFailed: kind(`${LS}remote-integration-failed`, "Could not retrieve document", 502),
  invalidDocument: kind(`${LS}invalid-integration-document`, "Invalid Integration document", 400),
  invalidContact: kind(`${LS}invalid-contact-uri`, "URI was not specified or is of the wrong type", 400),
  invalidStage: kind(`${LS}invalid-stage`, "Library cannot be taken out of production once in production.", 400),
  libraryNotFound: kind(`${LS}library-not-found`, "The library does not exist in this registry.", 404),
  invalidInput: kind(`${LS}invalid-input`, "Invalid input", 400),
} as const;

/** Every problem type the registry can emit, by a stable key. */
export const PROBLEMS = {
  ...REF,
  // ours: what the reference registries never checked
  unsupportedScheme: kind(`${OURS}unsupported-url-scheme`, "Only http and https URLs can be registered", 400, REF.remoteFailed),
  forbiddenAddress: kind(`${OURS}forbidden-address`, "The URL resolves to an address the registry will not contact", 400, REF.remoteFailed),
  tooManyRedirects: kind(`${OURS}too-many-redirects`, "Too many redirects", 502, REF.remoteFailed),
  redirectLoop: kind(`${OURS}redirect-loop`, "Redirect loop", 502, REF.remoteFailed),
  tooLarge: kind(`${OURS}document-too-large`, "Document too large", 502, REF.remoteFailed),
  malformedJson: kind(`${OURS}malformed-json`, "The document is not valid JSON", 400, REF.invalidDocument),
  invalidEncoding: kind(`${OURS}invalid-encoding`, "The document is not valid UTF-8", 400, REF.invalidDocument),
  byteOrderMark: kind(`${OURS}byte-order-mark`, "The document starts with a byte-order mark", 400, REF.invalidDocument),
  htmlNotJson: kind(`${OURS}html-instead-of-json`, "Expected JSON, got an HTML page", 400, REF.invalidDocument),
  tooDeep: kind(`${OURS}document-too-deep`, "The document is nested too deeply", 400, REF.invalidDocument),
  xmlEntities: kind(`${OURS}xml-entity-declaration`, "XML entity declarations are refused", 400, REF.invalidDocument),
  malformedXml: kind(`${OURS}malformed-xml`, "The feed is not well-formed XML", 400, REF.invalidDocument),
  notAuthDocument: kind(`${OURS}not-an-auth-document`, "Not an Authentication for OPDS document", 400, REF.invalidDocument),
  idMismatch: kind(`${OURS}id-mismatch`, "The document's id is not the registered URL", 400, REF.invalidDocument),
  documentMismatch: kind(`${OURS}document-mismatch`, "The document does not match the one at its id", 400, REF.invalidDocument),
  missingTitle: kind(`${OURS}missing-title`, "The document has no title", 400, REF.invalidDocument),
  missingStart: kind(`${OURS}missing-start-link`, "The document has no start link", 400, REF.invalidDocument),
  noLinkBack: kind(`${OURS}no-link-back`, "The OPDS feed does not link back to the document", 400, REF.invalidDocument),
  notOpds: kind(`${OURS}not-an-opds-feed`, "The start link is not an OPDS feed", 400, REF.invalidDocument),
  invalidExtension: kind(`${OURS}invalid-extension`, "An Authentication for OPDS extension is malformed", 400, REF.invalidDocument),
  invalidPublicKey: kind(`${OURS}invalid-public-key`, "The public_key cannot be used", 400, REF.invalidDocument),
  invalidForm: kind(`${OURS}invalid-form`, "The registration request is malformed", 400, REF.invalidInput),
  methodNotAllowed: kind(`${OURS}method-not-allowed`, "Method not allowed", 405),
  requestTooLarge: kind(`${OURS}request-too-large`, "The request body is too large", 413, REF.invalidInput),
  unsupportedMediaType: kind(`${OURS}unsupported-media-type`, "Send the form as application/x-www-form-urlencoded", 415, REF.invalidInput),
  invalidBearer: kind(`${OURS}malformed-authorization`, "The Authorization header is not `Bearer <secret>`", 401, REF.credentialsInvalid),
  noRegistryKey: kind(`${OURS}registry-key-missing`, "The registry has no key to keep secrets with", 500),
  deadline: kind(`${OURS}deadline-exceeded`, "The registration took too long", 408, REF.timeout),
  contactPending: kind(`${OURS}contact-pending-review`, "The contact change awaits a maintainer's review", 202),
  busy: kind(`${OURS}registry-busy`, "The registry is busy", 503),
  recordsInvalid: kind(`${OURS}records-invalid`, "The registry's library records need a maintainer's fix", 503),
  internal: kind(`${OURS}internal-error`, "Internal error", 500),
} as const;

export type ProblemKey = keyof typeof PROBLEMS;

/** A single problem as it goes on the wire: the reference type on top, ours as `subtype`. */
export function problem(key: ProblemKey, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const k: Kind = PROBLEMS[key];
  const top = k.reference ?? k;
  const p: Problem = { type: top.type, title: top.title, status: k.status };
  if (detail !== undefined) p.detail = detail;
  if (k.reference) p.subtype = k.type;
  return Object.assign(p, extra);
}

const KIND_BY_TYPE = new Map<string, Kind>(Object.values(PROBLEMS).map((k: Kind) => [k.type, k]));

/** The most specific type of a problem: our own when we have one, else the reference type. */
export function specificType(p: Problem): string {
  return p.subtype ?? p.type;
}

/** A problem as an item of `errors` / `warnings`: typed and titled with its most specific kind. */
export function itemOf(p: Problem): Problem {
  if (!p.subtype) return p;
  const { subtype, ...rest } = p;
  const k = KIND_BY_TYPE.get(subtype);
  return { ...rest, type: subtype, title: k?.title ?? p.title };
}

/**
 * One problem that reports every failure found (B4: the reference kept only the last).
 * The first error sets type, title, status and subtype, so a client that reads only those still
 * sees the most fundamental failure; `errors` lists each with its own most specific type;
 * `warnings` what was tolerated.
 */
export function aggregate(errors: Problem[], warnings: Problem[] = []): Problem {
  if (errors.length === 0) throw new Error("aggregate() needs at least one error");
  if (errors.length === 1 && warnings.length === 0) return errors[0];
  const first = errors[0];
  const detail = errors.map((e) => e.detail ?? e.title).join(" ");
  const out: Problem = { type: first.type, title: first.title, status: first.status, detail };
  if (first.subtype) out.subtype = first.subtype;
  out.errors = errors.map(itemOf);
  if (warnings.length) out.warnings = warnings.map(itemOf);
  return out;
}

export function isProblem(x: unknown): x is Problem {
  return !!x && typeof x === "object" && typeof (x as Problem).type === "string" && typeof (x as Problem).status === "number";
}

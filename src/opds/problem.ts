// RFC 7807 problem details. Failures are values: every check returns Problem[] and the caller
// decides how to report them. Type URIs are the reference registries' where one fits (existing
// clients such as the circulation manager understand them); the others are ours, under a tag URI
// (RFC 4151) so they stay stable whatever host runs the registry.

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members, e.g. `errors` and `warnings` on an aggregate. */
  [extension: string]: unknown;
}

export const LS = "http://librarysimplified.org/terms/problem/";
export const OURS = "tag:opds-registry.org,2026:problem/";

interface Kind { type: string; title: string; status: number }
const kind = (type: string, title: string, status: number): Kind => ({ type, title, status });

/** Every problem type the registry can emit, by a stable key. */
export const PROBLEMS = {
  // reference registries' types
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
  // ours: what the reference registries never checked
  unsupportedScheme: kind(`${OURS}unsupported-url-scheme`, "Only http and https URLs can be registered", 400),
  forbiddenAddress: kind(`${OURS}forbidden-address`, "The URL resolves to an address the registry will not contact", 400),
  tooManyRedirects: kind(`${OURS}too-many-redirects`, "Too many redirects", 502),
  redirectLoop: kind(`${OURS}redirect-loop`, "Redirect loop", 502),
  tooLarge: kind(`${OURS}document-too-large`, "Document too large", 502),
  malformedJson: kind(`${OURS}malformed-json`, "The document is not valid JSON", 400),
  invalidEncoding: kind(`${OURS}invalid-encoding`, "The document is not valid UTF-8", 400),
  byteOrderMark: kind(`${OURS}byte-order-mark`, "The document starts with a byte-order mark", 400),
  htmlNotJson: kind(`${OURS}html-instead-of-json`, "Expected JSON, got an HTML page", 400),
  tooDeep: kind(`${OURS}document-too-deep`, "The document is nested too deeply", 400),
  xmlEntities: kind(`${OURS}xml-entity-declaration`, "XML entity declarations are refused", 400),
  malformedXml: kind(`${OURS}malformed-xml`, "The feed is not well-formed XML", 400),
  notAuthDocument: kind(`${OURS}not-an-auth-document`, "Not an Authentication for OPDS document", 400),
  idMismatch: kind(`${OURS}id-mismatch`, "The document's id is not the registered URL", 400),
  documentMismatch: kind(`${OURS}document-mismatch`, "The document does not match the one at its id", 400),
  missingTitle: kind(`${OURS}missing-title`, "The document has no title", 400),
  missingStart: kind(`${OURS}missing-start-link`, "The document has no start link", 400),
  noLinkBack: kind(`${OURS}no-link-back`, "The OPDS feed does not link back to the document", 400),
  notOpds: kind(`${OURS}not-an-opds-feed`, "The start link is not an OPDS feed", 400),
  invalidExtension: kind(`${OURS}invalid-extension`, "An Authentication for OPDS extension is malformed", 400),
  invalidPublicKey: kind(`${OURS}invalid-public-key`, "The public_key cannot be used", 400),
  invalidForm: kind(`${OURS}invalid-form`, "The registration request is malformed", 400),
  methodNotAllowed: kind(`${OURS}method-not-allowed`, "Method not allowed", 405),
  requestTooLarge: kind(`${OURS}request-too-large`, "The request body is too large", 413),
  unsupportedMediaType: kind(`${OURS}unsupported-media-type`, "Send the form as application/x-www-form-urlencoded", 415),
  invalidBearer: kind(`${OURS}malformed-authorization`, "The Authorization header is not `Bearer <secret>`", 401),
  noRegistryKey: kind(`${OURS}registry-key-missing`, "The registry has no key to keep secrets with", 500),
  deadline: kind(`${OURS}deadline-exceeded`, "The registration took too long", 408),
  contactPending: kind(`${OURS}contact-pending-review`, "The contact change awaits a maintainer's review", 202),
  busy: kind(`${OURS}registry-busy`, "The registry is busy", 503),
  internal: kind(`${OURS}internal-error`, "Internal error", 500),
} as const;

export type ProblemKey = keyof typeof PROBLEMS;

export function problem(key: ProblemKey, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const k = PROBLEMS[key];
  const p: Problem = { type: k.type, title: k.title, status: k.status };
  if (detail !== undefined) p.detail = detail;
  return Object.assign(p, extra);
}

/**
 * One problem that reports every failure found (B4: the reference kept only the last).
 * The first error sets type, title and status, so a client that reads only those still sees the
 * most fundamental failure; `errors` lists each with its own type; `warnings` what was tolerated.
 */
export function aggregate(errors: Problem[], warnings: Problem[] = []): Problem {
  if (errors.length === 0) throw new Error("aggregate() needs at least one error");
  if (errors.length === 1 && warnings.length === 0) return errors[0];
  const first = errors[0];
  const detail = errors.map((e) => e.detail ?? e.title).join(" ");
  const out: Problem = { type: first.type, title: first.title, status: first.status, detail, errors };
  if (warnings.length) out.warnings = warnings;
  return out;
}

export function isProblem(x: unknown): x is Problem {
  return !!x && typeof x === "object" && typeof (x as Problem).type === "string" && typeof (x as Problem).status === "number";
}

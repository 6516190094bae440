// A failed registration told to a library's staff: every problem in plain words, each with what
// to change. Keyed by our fine problem types (`errors[]` of a problem detail, or the fine type an
// aggregate or single problem carries as an extension member), falling back to the reference
// registries' coarser types. Anything a library's server sent is shown only inside code spans.
import { LS, OURS, type Problem } from "../opds/problem.ts";

export interface PlainProblem {
  what: string;
  fix: string;
}

interface Context {
  url: string;
  detail: string;
}

const AUTH_TYPE = "application/vnd.opds.authentication.v1.0+json";
const AUTH_REL = "http://opds-spec.org/auth/document";

/** Inline code that no text can break out of (no backticks, no newlines), capped in length. */
export function code(text: string, max = 300): string {
  const t = text.replace(/[`\r\n\u2028\u2029]+/g, " ").trim();
  const capped = t.length > max ? `${t.slice(0, max)}…` : t;
  return capped ? `\`${capped}\`` : "`(empty)`";
}

const SERVE_JSON = `Serve the document as JSON (UTF-8, no byte-order mark, not an HTML page) with \`Content-Type: ${AUTH_TYPE}\`.`;

/** Fixes by the last segment of a problem type URI; ours first, the reference types after. */
const FIXES: Record<string, (c: Context) => string> = {
  "no-opds-auth-url": () => "Edit this issue and fill in “Authentication for OPDS document URL” with your document's address, for example `https://cm.example.org/LIB/authentication_document`.",
  "invalid-form": () => "Edit this issue and correct the field named above.",
  "unsupported-url-scheme": () => "Give the `https://` address of your Authentication for OPDS document.",
  "forbidden-address": () => "Register the public address of your server, one that resolves to a public IP address reachable from the internet (not localhost, a private network or an intranet name).",
  timeout: (c) => `Make sure ${code(c.url)} answers quickly from outside your network (firewalls must let GitHub's servers in), then edit this issue to try again.`,
  "deadline-exceeded": (c) => `Make sure ${code(c.url)} and your OPDS feed answer quickly from outside your network, then edit this issue to try again.`,
  "integration-document-not-found": (c) => `Check the address: ${code(c.url)} must answer \`200\` with your Authentication for OPDS document. Copy it from your circulation manager's admin page.`,
  "remote-integration-failed": (c) => `Make sure ${code(c.url)} answers \`200\` to anyone, without a login page, and that your server is up; then edit this issue to try again.`,
  "too-many-redirects": () => "Register the final address your server redirects to, or shorten the chain of redirects (at most 5).",
  "redirect-loop": () => "Your server redirects in a circle: fix its redirect rules, or register the final address.",
  "document-too-large": () => "Serve a smaller document: embed a small logo (or link to it) instead of large images.",
  "malformed-json": () => SERVE_JSON,
  "invalid-encoding": () => SERVE_JSON,
  "byte-order-mark": () => SERVE_JSON,
  "html-instead-of-json": (c) => `${code(c.url)} answered a web page. Register the address of the Authentication for OPDS document itself. ${SERVE_JSON}`,
  "document-too-deep": () => SERVE_JSON,
  "not-an-auth-document": (c) => `Register the address of your Authentication for OPDS document (it has \`id\`, \`title\`, \`authentication\` and \`links\`), not ${code(c.url)}'s other content. ${SERVE_JSON}`,
  "xml-entity-declaration": () => "Serve your OPDS feed as plain Atom XML without `<!DOCTYPE …>` or entity declarations.",
  "malformed-xml": () => "Fix your OPDS feed so that it is well-formed Atom XML (an XML validator shows where it breaks).",
  "id-mismatch": (c) => `Set the document's \`"id"\` to exactly ${code(c.url)}, the address you register (same scheme, host, path and trailing slash).`,
  "missing-title": () => "Add `\"title\"` with your library's name to the document.",
  "missing-start-link": () => "Add a link to your OPDS catalog's root to the document's `\"links\"`: `{\"rel\": \"start\", \"href\": \"https://…/your-root-feed\", \"type\": \"application/atom+xml;profile=opds-catalog;kind=acquisition\"}`.",
  "no-link-back": (c) => `In your OPDS feed, add a link with rel \`${AUTH_REL}\` and href ${code(c.url)}: in Atom \`<link rel="${AUTH_REL}" href="${c.url.replace(/[`\s]/g, "")}"/>\`, in OPDS 2 a \`"links"\` entry, or an HTTP \`Link\` header.`,
  "not-an-opds-feed": () => "Point the `start` link at your OPDS catalog's root feed (OPDS 1 Atom or OPDS 2 JSON), served with its OPDS media type.",
  "invalid-extension": () => "Correct the member named above, or remove it (README, “For library staff: what your server must publish”, shows each).",
  "invalid-public-key": () => "Publish `\"public_key\": {\"type\": \"RSA\", \"value\": \"-----BEGIN PUBLIC KEY-----…\"}` with an RSA key of at least 2048 bits, or remove `public_key` (you then get no shared secret).",
  "invalid-contact-uri": () => "Contact addresses are not given in issues (they are public); see README for how to give one privately.",
  "invalid-stage": () => "Your library is live in production and cannot take itself out: ask a maintainer in this issue.",
  "credentials-invalid": () => "Changing a library that is already registered with a shared secret (its address, stage or contact) needs that secret, which must never be written in an issue: re-register from your circulation manager, which sends it (`Authorization: Bearer …`), or ask a maintainer in this issue.",
  "malformed-authorization": () => "Never write your shared secret in an issue: ask a maintainer.",
  "registry-key-missing": () => "Nothing to change on your side: a maintainer must configure the registry's key.",
  "registry-busy": () => "Nothing to change on your side: edit this issue in a few minutes to try again.",
  "internal-error": () => "Nothing to change on your side: a maintainer has been told by this comment and will fix the registry.",
  "invalid-integration-document": () => "Correct your Authentication for OPDS document as described, then edit this issue to try again.",
  "invalid-input": () => "Correct the value described, then edit this issue to try again.",
};

const segment = (type: string) => type.slice(type.lastIndexOf("/") + 1);

/** The types a problem carries: the fine ones (ours) first, then the reference type. */
function typesOf(p: Problem): string[] {
  const fine = Object.entries(p)
    .filter(([k, v]) => k !== "errors" && k !== "warnings" && typeof v === "string" && v.startsWith(OURS))
    .map(([, v]) => v as string);
  return [...new Set([...fine, p.type])].sort((a, b) => Number(b.startsWith(OURS)) - Number(a.startsWith(OURS)));
}

/** The individual problems of a problem detail (`errors[]`, or the problem itself). */
export function problemsOf(p: Problem): Problem[] {
  return Array.isArray(p.errors) && p.errors.length ? (p.errors as Problem[]) : [p];
}

export function plainWords(p: Problem, url: string): PlainProblem[] {
  return problemsOf(p).map((one) => {
    const detail = String(one.detail ?? one.title ?? "");
    const type = typesOf(one).find((t) => (t.startsWith(OURS) || t.startsWith(LS)) && segment(t) in FIXES);
    const fix = type ? FIXES[segment(type)]({ url, detail }) : "Correct what is described, then edit this issue to try again (README, “Registering a library”, lists every check).";
    return { what: code(detail, 500), fix };
  });
}

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import {
  checkLinkBack,
  findAuthDocumentCandidates,
  findLegacyAuthCandidates,
  findLegacyAuthLinks,
  type RootResponse,
} from "../../src/opds/link-back.ts";
import { AUTH_DOC, AUTH_DOC_V1, OPDS1_ACQUISITION, OPDS1_NAVIGATION, OPDS2 } from "../../src/opds/media-types.ts";
import { PROBLEMS, specificType, type Problem } from "../../src/opds/problem.ts";
import { sharedPath, withShared } from "../support/shared.ts";

const AUTH_REL = "http://opds-spec.org/auth/document";
const enc = (s: string) => new TextEncoder().encode(s);
const shared = (rel: string) => new Uint8Array(readFileSync(sharedPath(rel)));
const resp = (over: Partial<RootResponse>): RootResponse => ({
  url: "http://circmanager.org/feed/",
  status: 200,
  contentType: OPDS1_ACQUISITION,
  linkHeader: null,
  body: enc("<feed/>"),
  ...over,
});
const types = (ps: Problem[]) => ps.map((p) => specificType(p));

withShared(test)("fixture: OPDS 1 feed links back", () => {
  const r = resp({ body: shared("opds-root/opds1-root-links-to-auth-doc.xml") });
  assert.equal(findAuthDocumentCandidates(r), { kind: "opds1", candidates: ["http://circmanager.org/auth"], problems: [] });
  assert.equal(checkLinkBack(r, "http://circmanager.org/auth"), []);
});

withShared(test)("fixture: a relative feed link resolves against the response URL", () => {
  const r = resp({ url: "http://circmanager.org/lib/feed", body: shared("opds-root/opds1-root-relative-auth-link.xml") });
  assert.equal(findAuthDocumentCandidates(r).candidates, ["http://circmanager.org/lib/auth-document"]);
  assert.equal(checkLinkBack(r, "http://circmanager.org/lib/auth-document"), []);
});

withShared(test)("fixture: an empty feed does not link back, with the reference's detail", () => {
  const problems = checkLinkBack(resp({ body: shared("opds-root/opds1-root-no-auth-link.xml") }), "http://circmanager.org/auth");
  assert.equal(types(problems), [PROBLEMS.noLinkBack.type]);
  assert.is(problems[0].detail, "OPDS root document at http://circmanager.org/feed/ does not link back to authentication document http://circmanager.org/auth");
});

withShared(test)("fixture: OPDS 2 links array (B2) links back", () => {
  const r = resp({ url: "https://cm.example.org/lib/", contentType: OPDS2, body: shared("opds-root/opds2-root-links-array-standard-shape.json") });
  assert.equal(findAuthDocumentCandidates(r), { kind: "opds2", candidates: ["https://cm.example.org/lib/authentication_document"], problems: [] });
  assert.equal(checkLinkBack(r, "https://cm.example.org/lib/authentication_document"), []);
});

withShared(test)("fixture: the legacy object-keyed links shape links back", () => {
  const r = resp({ contentType: OPDS2, body: shared("opds-root/opds2-root-links-object-legacy-shape.json") });
  assert.equal(checkLinkBack(r, "http://circmanager.org/auth"), []);
});

withShared(test)("fixture: an empty links object does not link back", () => {
  const r = resp({ contentType: OPDS2, body: shared("opds-root/opds2-root-links-object-empty.json") });
  assert.equal(types(checkLinkBack(r, "http://circmanager.org/auth")), [PROBLEMS.noLinkBack.type]);
});

withShared(test)("fixture: a 401 auth document passes only when its id is the registered URL", () => {
  const r = resp({ status: 401, contentType: AUTH_DOC_V1, body: shared("opds-root/auth-doc-in-401-body-minimal.json") });
  assert.equal(findAuthDocumentCandidates(r).kind, "auth-document");
  assert.equal(checkLinkBack(r, "http://circmanager.org/auth"), []);
  assert.equal(types(checkLinkBack(r, "http://circmanager.org/other")), [PROBLEMS.noLinkBack.type]);
});

withShared(test)("fixture: the Link header example is a candidate", () => {
  const line = readFileSync(sharedPath("opds-root/link-header-example.txt"), "utf8").split("\n").find((l) => l.startsWith("Link:"))!;
  const r = resp({ linkHeader: line.slice(5) });
  assert.equal(findAuthDocumentCandidates(r).candidates, ["http://circmanager.org/authentication.opds"]);
});

test("the Link header counts for OPDS 2 too, alongside the body (B2)", () => {
  const body = JSON.stringify({ metadata: {}, links: [{ rel: AUTH_REL, href: "/body-auth" }] });
  const r = resp({ contentType: OPDS2, linkHeader: `</header-auth>; rel="${AUTH_REL}"`, body: enc(body) });
  assert.equal(findAuthDocumentCandidates(r).candidates, ["http://circmanager.org/header-auth", "http://circmanager.org/body-auth"]);
});

test("every Link header entry with the rel is a candidate, not only the last", () => {
  const r = resp({ linkHeader: `<https://a/1>; rel="${AUTH_REL}", <https://a/2>; rel="${AUTH_REL}"` });
  assert.equal(findAuthDocumentCandidates(r).candidates, ["https://a/1", "https://a/2"]);
});

test("a Link header entry anchored on another resource is not ours", () => {
  const r = resp({ linkHeader: `<https://a/1>; rel="${AUTH_REL}"; anchor="https://elsewhere/"` });
  assert.equal(findAuthDocumentCandidates(r).candidates, []);
});

test("OPDS 2 rel as an array of strings", () => {
  const body = JSON.stringify({ links: [{ rel: ["self", AUTH_REL], href: "https://x/auth" }] });
  assert.equal(findAuthDocumentCandidates(resp({ contentType: OPDS2, body: enc(body) })).candidates, ["https://x/auth"]);
});

test("OPDS 2 legacy object shape with an array of link objects", () => {
  const body = JSON.stringify({ links: { [AUTH_REL]: [{ href: "https://x/1" }, { href: "https://x/2" }] } });
  assert.equal(findAuthDocumentCandidates(resp({ contentType: OPDS2, body: enc(body) })).candidates, ["https://x/1", "https://x/2"]);
});

test("OPDS 2 with media type parameters is accepted (B3)", () => {
  const body = JSON.stringify({ links: [{ rel: AUTH_REL, href: "https://x/auth" }] });
  const r = findAuthDocumentCandidates(resp({ contentType: "application/opds+json; charset=utf-8", body: enc(body) }));
  assert.equal([r.kind, r.candidates], ["opds2", ["https://x/auth"]]);
});

test("an OPDS 1 navigation feed is accepted (B3)", () => {
  const body = `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="${AUTH_REL}" href="https://x/auth"/></feed>`;
  assert.equal(checkLinkBack(resp({ contentType: OPDS1_NAVIGATION, body: enc(body) }), "https://x/auth"), []);
});

test("OPDS 1 with extra parameters in any order is accepted", () => {
  const body = `<feed><link rel="${AUTH_REL}" href="https://x/auth"/></feed>`;
  const ct = 'application/atom+xml; kind=acquisition; profile="opds-catalog"; charset=utf-8';
  assert.equal(checkLinkBack(resp({ contentType: ct, body: enc(body) }), "https://x/auth"), []);
});

test("a 401 with the current A4OPDS type and parameters is accepted (B3)", () => {
  const r = resp({ status: 401, contentType: `${AUTH_DOC}; charset=utf-8`, body: enc('{"id": "https://x/auth", "authentication": []}') });
  assert.equal(checkLinkBack(r, "https://x/auth"), []);
});

test("a 401 typed application/json but shaped like an auth document is accepted", () => {
  const r = resp({ status: 401, contentType: "application/json", body: enc('{"id": "https://x/auth", "authentication": []}') });
  assert.equal(findAuthDocumentCandidates(r).kind, "auth-document");
});

test("a 401 whose body is not an auth document is notAuthDocument", () => {
  const r = resp({ status: 401, contentType: "text/html", body: enc("<html>Log in</html>") });
  const problems = checkLinkBack(r, "https://x/auth");
  assert.equal(types(problems), [PROBLEMS.notAuthDocument.type, PROBLEMS.noLinkBack.type]);
  assert.match(problems[0].detail!, /401 response at http:\/\/circmanager.org\/feed\/ did not yield/);
});

test("a 401 auth document without id is notAuthDocument", () => {
  const r = resp({ status: 401, contentType: AUTH_DOC_V1, body: enc('{"authentication": []}') });
  assert.equal(types(findAuthDocumentCandidates(r).problems), [PROBLEMS.notAuthDocument.type]);
});

test("a non-OPDS content type is notOpds, naming the URL and the type", () => {
  const problems = checkLinkBack(resp({ contentType: "application/json", body: enc("{}") }), "https://x/auth");
  assert.equal(types(problems), [PROBLEMS.notOpds.type, PROBLEMS.noLinkBack.type]);
  assert.match(problems[0].detail!, /http:\/\/circmanager.org\/feed\/.*application\/json/);
});

test("a missing content type is notOpds", () => {
  const r = findAuthDocumentCandidates(resp({ contentType: null }));
  assert.equal([r.kind, types(r.problems)], ["unknown", [PROBLEMS.notOpds.type]]);
  assert.match(r.problems[0].detail!, /none/);
});

test("an OPDS 1 type whose root is not <feed> is notOpds", () => {
  const r = findAuthDocumentCandidates(resp({ body: enc("<html><link rel='x' href='y'/></html>") }));
  assert.equal(types(r.problems), [PROBLEMS.notOpds.type]);
});

test("malformed XML is malformedXml and does not link back", () => {
  const problems = checkLinkBack(resp({ body: enc("<feed><link href='a'") }), "https://x/auth");
  assert.equal(types(problems), [PROBLEMS.malformedXml.type, PROBLEMS.noLinkBack.type]);
});

test("an OPDS 1 feed with entity declarations is refused", () => {
  const body = enc(`<!DOCTYPE feed [<!ENTITY a "https://x/auth">]><feed><link rel="${AUTH_REL}" href="&a;"/></feed>`);
  assert.equal(types(checkLinkBack(resp({ body }), "https://x/auth")), [PROBLEMS.xmlEntities.type, PROBLEMS.noLinkBack.type]);
});

test("an OPDS 2 body that is HTML is htmlNotJson", () => {
  const r = findAuthDocumentCandidates(resp({ contentType: OPDS2, body: enc("<!doctype html>") }));
  assert.equal(types(r.problems), [PROBLEMS.htmlNotJson.type]);
});

test("an OPDS 2 body that is not an object is notOpds", () => {
  const r = findAuthDocumentCandidates(resp({ contentType: OPDS2, body: enc("[]") }));
  assert.equal(types(r.problems), [PROBLEMS.notOpds.type]);
});

test("a non-2xx, non-401 status is remoteFailed", () => {
  const r = findAuthDocumentCandidates(resp({ status: 500 }));
  assert.equal(types(r.problems), [PROBLEMS.remoteFailed.type]);
});

test("the registered URL matches in its normalised form", () => {
  const body = enc(`<feed><link rel="${AUTH_REL}" href="HTTP://CircManager.org:80/auth"/></feed>`);
  assert.equal(checkLinkBack(resp({ body }), "http://circmanager.org/auth"), []);
  const body2 = enc(`<feed><link rel="${AUTH_REL}" href="http://circmanager.org/auth"/></feed>`);
  assert.equal(checkLinkBack(resp({ body: body2 }), "HTTP://circmanager.org:80/auth"), []);
});

test("a trailing slash is not forgiven", () => {
  const body = enc(`<feed><link rel="${AUTH_REL}" href="http://circmanager.org/auth/"/></feed>`);
  assert.equal(types(checkLinkBack(resp({ body }), "http://circmanager.org/auth")), [PROBLEMS.noLinkBack.type]);
});

test("noLinkBack lists the candidates it saw", () => {
  const body = enc(`<feed><link rel="${AUTH_REL}" href="https://other/auth"/></feed>`);
  const [p] = checkLinkBack(resp({ body }), "https://x/auth");
  assert.equal(p.candidates, ["https://other/auth"]);
});

test("the Link header is read from headers when linkHeader is left out", () => {
  const headers = new Headers({ link: `<https://x/auth>; rel="${AUTH_REL}"` });
  const r: RootResponse = { url: "https://x/feed", status: 200, contentType: OPDS1_ACQUISITION, headers, body: enc("<feed/>") };
  assert.equal(findAuthDocumentCandidates(r).candidates, ["https://x/auth"]);
});

test("legacy: auth/document, then authenticate, then shelf, in that order", () => {
  const body = `<feed>
    <link rel="http://opds-spec.org/shelf" href="/shelf"/>
    <link rel="authenticate" href="/authenticate"/>
    <link rel="${AUTH_REL}" href="/auth"/>
    <link rel="self" href="/feed"/>
  </feed>`;
  const r = resp({ url: "https://x/feed", body: enc(body) });
  assert.equal(findLegacyAuthLinks(r), ["https://x/auth", "https://x/authenticate", "https://x/shelf"]);
  assert.equal(findLegacyAuthCandidates(r).kind, "opds1");
});

test("legacy: a 401 auth document yields its own id", () => {
  const r = resp({ status: 401, contentType: AUTH_DOC_V1, body: enc('{"id": "https://x/auth", "authentication": []}') });
  assert.equal(findLegacyAuthCandidates(r), { kind: "auth-document", candidates: ["https://x/auth"], problems: [] });
});

test("legacy: OPDS 2 shelf link", () => {
  const body = JSON.stringify({ links: [{ rel: "http://opds-spec.org/shelf", href: "https://x/shelf" }] });
  assert.equal(findLegacyAuthLinks(resp({ contentType: OPDS2, body: enc(body) })), ["https://x/shelf"]);
});

test.run();

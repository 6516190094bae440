import { test } from "uvu";
import * as assert from "uvu/assert";
import { validateAuthDocument, DEFAULT_POLICY, type AuthPolicy } from "../../src/opds/auth-document.ts";
import { PROBLEMS, specificType, type Problem } from "../../src/opds/problem.ts";
import { ANONYMOUS_FLOW } from "../../src/opds/media-types.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const URL_ = "https://cm.example.org/lib/authentication_document";
const COPYRIGHT = "http://librarysimplified.org/rel/designated-agent/copyright";
const types = (ps: Problem[]) => ps.map((p) => specificType(p));
const has = (ps: Problem[], key: keyof typeof PROBLEMS, re?: RegExp) =>
  ps.some((p) => specificType(p) === PROBLEMS[key].type && (!re || re.test(p.detail ?? "")));

/** A valid document, built here; each test breaks one thing. */
function doc(over: Record<string, unknown> = {}): Record<string, any> {
  return {
    id: URL_,
    title: "Springfield Public Library",
    authentication: [{ type: "http://opds-spec.org/auth/basic", labels: { login: "Card", password: "PIN" } }],
    links: [
      { rel: "start", href: "/lib/", type: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
      { rel: "help", href: "mailto:help@springfield.example" },
      { rel: COPYRIGHT, href: "mailto:dmca@springfield.example" },
    ],
    service_area: { US: ["Springfield, IL"] },
    ...over,
  };
}
const validate = (d: unknown, policy: AuthPolicy = DEFAULT_POLICY) => validateAuthDocument(d, { url: URL_, policy });

test("a valid document yields info and no problems", () => {
  const v = validate(doc());
  assert.equal(v.errors, []);
  assert.equal(v.warnings, []);
  assert.equal(v.info, {
    id: URL_,
    title: "Springfield Public Library",
    start: { href: "https://cm.example.org/lib/", type: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
    help: ["mailto:help@springfield.example"],
    copyright_agent: ["mailto:dmca@springfield.example"],
    anonymous_access: false,
    audiences: ["public"],
    service_area: { US: ["Springfield, IL"] },
  });
});

test("policy is optional and defaults to DEFAULT_POLICY", () => {
  assert.equal(validateAuthDocument(doc(), { url: URL_ }).errors, []);
});

withShared(test)("fixture: Palace's registration document is valid", () => {
  const v = validateAuthDocument(sharedJson("auth-documents/palace-test-registration-auth-doc.json"), { url: "http://circmanager.org/authentication.opds", policy: DEFAULT_POLICY });
  assert.equal(v.errors, []);
  assert.equal(v.warnings, []);
  const info = v.info!;
  assert.is(info.title, "A Library");
  assert.is(info.description, "Description");
  assert.equal(info.start, { href: "http://circmanager.org/feed/", type: "application/atom+xml;profile=opds-catalog" });
  assert.is(info.website, "http://circmanager.org/");
  assert.equal(info.help, ["http://help.library.org/", "mailto:help@library.org"]);
  assert.equal(info.copyright_agent, ["mailto:dmca@library.org"]);
  assert.equal(info.logo, { href: "data:image/png;imagedata" });
  assert.is(info.registration_url, "http://circmanager.org/new-account");
  assert.is(info.anonymous_access, true);
  assert.is(info.collection_size, 100);
  assert.equal(info.service_area, { US: "Kansas" });
  assert.equal((v.publicKey as { type: string }).type, "RSA");
});

withShared(test)("fixture: re-registration document: name fallback, logo resolved against the document URL (B6)", () => {
  const d = sharedJson("auth-documents/palace-test-reregistration-updated-auth-doc.json");
  const v = validateAuthDocument({ ...d, authentication: [] }, { url: "http://circmanager.org/authentication.opds", policy: DEFAULT_POLICY });
  assert.equal(v.errors, []);
  assert.is(v.info!.title, "A Library");
  assert.equal(v.info!.logo, { href: "http://circmanager.org/logo.png", type: "image/png" });
  assert.equal(v.info!.help, ["mailto:new-help@library.org"]);
});

withShared(test)("fixture: the re-registration document as published has no 'authentication': an error", () => {
  const v = validateAuthDocument(sharedJson("auth-documents/palace-test-reregistration-updated-auth-doc.json"), { url: "http://circmanager.org/authentication.opds", policy: DEFAULT_POLICY });
  assert.equal(types(v.errors), [PROBLEMS.invalidDocument.type]);
  assert.match(v.errors[0].detail!, /'authentication'.*missing/);
});

withShared(test)("fixture: Ansonia: the OPDS-typed start wins, the string public_key is invalidPublicKey, no help is invalidContact", () => {
  const v = validateAuthDocument(sharedJson("auth-documents/palace-test-ansonia-real-document.json"), { url: "http://library/authentication-for-opds-file", policy: DEFAULT_POLICY });
  assert.equal(types(v.errors).sort(), [PROBLEMS.invalidPublicKey.type, PROBLEMS.invalidContact.type].sort());
  assert.match(v.errors.find((p) => specificType(p) === PROBLEMS.invalidPublicKey.type)!.detail!, /bare string/);
  assert.is(v.publicKey, undefined);
  assert.is(v.info, undefined);
  // the same document with help and without the key: start and extensions as read
  const fixed = sharedJson("auth-documents/palace-test-ansonia-real-document.json");
  delete fixed.public_key;
  fixed.links.push({ rel: "help", href: "mailto:help@ansonia.example" });
  const ok = validateAuthDocument(fixed, { url: "http://library/authentication-for-opds-file", policy: DEFAULT_POLICY });
  assert.equal(ok.errors, []);
  assert.equal(ok.info!.start, { href: "http://opds.example.com/", type: "application/atom+xml;profile=opds-catalog" });
  assert.equal(ok.info!.collection_size, { eng: 100, spa: 20 });
  assert.is(ok.info!.color_scheme, "gold");
  assert.is(ok.info!.website, "http://ansonialibrary.org/");
});

withShared(test)("fixture: empty document reports every missing field at once (B4)", () => {
  const v = validate(sharedJson("auth-documents/empty-document.json"));
  assert.ok(has(v.errors, "invalidDocument", /missing an id/));
  assert.ok(has(v.errors, "missingTitle"));
  assert.ok(has(v.errors, "invalidDocument", /'authentication'/));
  assert.ok(has(v.errors, "missingStart"));
  assert.ok(has(v.errors, "invalidContact"));
  assert.is(v.errors.length, 5);
  assert.ok(has(v.warnings, "invalidContact")); // copyright agent, not required by default
  assert.ok(has(v.warnings, "invalidDocument", /service_area/));
  assert.is(v.info, undefined);
});

withShared(test)("fixture: register link inside a flow", () => {
  const frag = sharedJson("auth-documents/palace-test-online-registration-inside-flow.json");
  assert.is(validate(doc(frag)).info!.registration_url, "http://get-a-library-card/");
});

withShared(test)("fixture: anonymous plus basic flows give anonymous access", () => {
  const frag = sharedJson("auth-documents/palace-test-anonymous-plus-basic.json");
  assert.is(validate(doc(frag)).info!.anonymous_access, true);
});

withShared(test)("fixture: name instead of title", () => {
  const d = doc(sharedJson("auth-documents/palace-test-name-instead-of-title.json"));
  delete d.title;
  assert.is(validate(d).info!.title, "My library");
});

withShared(test)("fixture: logo as an http link", () => {
  const d = doc();
  d.links.push(...sharedJson("auth-documents/palace-test-logo-as-link.json").links);
  assert.equal(validate(d).info!.logo, { href: "http://logo.com/logo.jpg" });
});

withShared(test)("fixture: audience key", () => {
  const frag = sharedJson("auth-documents/palace-test-audience-key.json");
  assert.equal(validate(doc(frag)).info!.audiences, ["educational-secondary", "research"]);
});

for (const [name, value] of [["null", null], ["an array", []], ["a string", "doc"], ["a number", 3]] as const) {
  test(`a document that is ${name} is notAuthDocument`, () => {
    const v = validate(value);
    assert.equal(types(v.errors), [PROBLEMS.notAuthDocument.type]);
  });
}

test("a missing id is invalidDocument", () => {
  const d = doc();
  delete d.id;
  assert.equal(types(validate(d).errors), [PROBLEMS.invalidDocument.type]);
});

test("an id other than the registered URL is idMismatch, quoting both", () => {
  const v = validate(doc({ id: "https://elsewhere.example/auth" }));
  assert.equal(types(v.errors), [PROBLEMS.idMismatch.type]);
  assert.match(v.errors[0].detail!, /https:\/\/elsewhere.example\/auth.*https:\/\/cm.example.org\/lib\/authentication_document/);
});

test("an id equal to the registered URL once normalised matches", () => {
  assert.equal(validate(doc({ id: "HTTPS://CM.example.org:443/lib/authentication_document" })).errors, []);
});

test("a missing title (and name) is missingTitle; an empty title counts as missing", () => {
  assert.equal(types(validate(doc({ title: undefined })).errors), [PROBLEMS.missingTitle.type]);
  assert.equal(types(validate(doc({ title: "  " })).errors), [PROBLEMS.missingTitle.type]);
});

test("'authentication' that is not an array is invalidDocument", () => {
  assert.equal(types(validate(doc({ authentication: { type: "x" } })).errors), [PROBLEMS.invalidDocument.type]);
});

test("an empty 'authentication' is a warning", () => {
  const v = validate(doc({ authentication: [] }));
  assert.equal(v.errors, []);
  assert.ok(has(v.warnings, "invalidDocument", /no flow/));
});

test("a flow without type is invalidDocument", () => {
  const v = validate(doc({ authentication: [{ description: "x" }] }));
  assert.equal(types(v.errors), [PROBLEMS.invalidDocument.type]);
  assert.match(v.errors[0].detail!, /authentication\[0\]/);
});

test("an OAuth flow without an authenticate link is a warning", () => {
  const v = validate(doc({ authentication: [{ type: "http://opds-spec.org/auth/oauth/implicit" }] }));
  assert.equal(v.errors, []);
  assert.ok(has(v.warnings, "invalidDocument", /authenticate/));
});

test("the anonymous flow type sets anonymous access", () => {
  assert.is(validate(doc({ authentication: [{ type: ANONYMOUS_FLOW }] })).info!.anonymous_access, true);
});

test("'links' that is not an array is invalidDocument (and there is then no start)", () => {
  const v = validate(doc({ links: { start: { href: "/" } } }));
  assert.ok(has(v.errors, "invalidDocument", /'links' must be an array/));
  assert.ok(has(v.errors, "missingStart"));
});

test("a link without href is a warning, never dropped silently", () => {
  const d = doc();
  d.links.push({ rel: "logo" });
  const v = validate(d);
  assert.equal(v.errors, []);
  assert.ok(has(v.warnings, "invalidDocument", /links\[3\]/));
});

test("no start link is missingStart", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== "start");
  assert.equal(types(validate(d).errors), [PROBLEMS.missingStart.type]);
});

test("start: the first OPDS-typed start link wins over an earlier untyped one", () => {
  const d = doc();
  d.links.unshift({ rel: "start", href: "/html/", type: "text/html" });
  const v = validate(d);
  assert.equal(v.info!.start.href, "https://cm.example.org/lib/");
});

test("start: an OPDS 2 typed start qualifies and with parameters spaced out", () => {
  const d = doc();
  d.links[0] = { rel: "start", href: "https://cm.example.org/lib/v2", type: "application/opds+json; charset=utf-8" };
  assert.equal(validate(d).info!.start, { href: "https://cm.example.org/lib/v2", type: "application/opds+json; charset=utf-8" });
});

test("start: the first start when none is OPDS-typed, with a warning about its type", () => {
  const d = doc();
  d.links[0] = { rel: "start", href: "/html/", type: "text/html" };
  const v = validate(d);
  assert.is(v.info!.start.href, "https://cm.example.org/html/");
  assert.ok(has(v.warnings, "invalidDocument", /not an OPDS media type/));
});

test("start: a relative start is resolved against the registered URL (B6)", () => {
  assert.is(validate(doc()).info!.start.href, "https://cm.example.org/lib/");
});

test("start: a non-http(s) start is missingStart", () => {
  const d = doc();
  d.links[0] = { rel: "start", href: "javascript:alert(1)" };
  assert.equal(types(validate(d).errors), [PROBLEMS.missingStart.type]);
});

test("rel as an array of strings is honoured", () => {
  const d = doc();
  d.links[0] = { rel: ["start", "http://opds-spec.org/catalog"], href: "/lib/" };
  assert.is(validate(d).info!.start.href, "https://cm.example.org/lib/");
});

test("help: no help link is invalidContact with the reference title (required by default)", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== "help");
  const v = validate(d);
  assert.equal(types(v.errors), [PROBLEMS.invalidContact.type]);
  assert.is(v.errors[0].title, "Invalid or missing patron support email address or website");
});

test("help: not required by policy → a warning", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== "help");
  const v = validate(d, { ...DEFAULT_POLICY, require_help: false });
  assert.equal(v.errors, []);
  assert.ok(has(v.warnings, "invalidContact"));
});

test("help: http, https, tel and relative links are accepted; relative ones resolved", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== "help");
  d.links.push({ rel: "help", href: "/help" }, { rel: "help", href: "tel:+1-555-0100" }, { rel: "help", href: "https://help.example/" });
  assert.equal(validate(d).info!.help, ["https://cm.example.org/help", "tel:+1-555-0100", "https://help.example/"]);
});

test("help: a scheme outside the policy is a warning and not kept", () => {
  const d = doc();
  d.links.push({ rel: "help", href: "tel:+1-555-0100" });
  const v = validate(d, { ...DEFAULT_POLICY, help_schemes: ["mailto"] });
  assert.equal(v.info!.help, ["mailto:help@springfield.example"]);
  assert.ok(has(v.warnings, "invalidContact", /tel:/));
});

test("help: only unusable help links (mailto without address) is invalidContact", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== "help");
  d.links.push({ rel: "help", href: "mailto:" }, { rel: "help", href: "ftp://x/" });
  assert.equal(types(validate(d).errors), [PROBLEMS.invalidContact.type]);
});

test("copyright agent: required by policy → invalidContact error with the reference title", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== COPYRIGHT);
  const v = validate(d, { ...DEFAULT_POLICY, require_copyright_agent: true });
  assert.equal(types(v.errors), [PROBLEMS.invalidContact.type]);
  assert.is(v.errors[0].title, "Invalid or missing copyright designated agent email address");
});

test("copyright agent: not required by default → a warning", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== COPYRIGHT);
  const v = validate(d);
  assert.equal(v.errors, []);
  assert.ok(v.warnings.some((p) => p.title === "Invalid or missing copyright designated agent email address"));
});

test("copyright agent: an http link is not accepted (mailto only)", () => {
  const d = doc();
  d.links = d.links.filter((l: any) => l.rel !== COPYRIGHT);
  d.links.push({ rel: COPYRIGHT, href: "https://dmca.example/" });
  const v = validate(d, { ...DEFAULT_POLICY, require_copyright_agent: true });
  assert.equal(types(v.errors), [PROBLEMS.invalidContact.type]);
});

test("service_area: required by policy and absent → error", () => {
  const v = validate(doc({ service_area: undefined }), { ...DEFAULT_POLICY, require_service_area: true });
  assert.equal(types(v.errors), [PROBLEMS.invalidDocument.type]);
});

test("service_area: absent and not required → a warning", () => {
  const v = validate(doc({ service_area: undefined }));
  assert.equal(v.errors, []);
  assert.ok(has(v.warnings, "invalidDocument", /service_area/));
});

test("logo: icon is accepted when there is no logo (B14)", () => {
  const d = doc();
  d.links.push({ rel: "icon", href: "/icon.png", type: "image/png" });
  assert.equal(validate(d).info!.logo, { href: "https://cm.example.org/icon.png", type: "image/png" });
});

test("logo: logo wins over icon", () => {
  const d = doc();
  d.links.push({ rel: "icon", href: "/icon.png" }, { rel: "logo", href: "data:image/png;base64,AAAA" });
  assert.equal(validate(d).info!.logo, { href: "data:image/png;base64,AAAA" });
});

test("logo: a non data:/http(s) logo is a warning and skipped", () => {
  const d = doc();
  d.links.push({ rel: "logo", href: "ftp://x/logo.png" });
  const v = validate(d);
  assert.is(v.info!.logo, undefined);
  assert.ok(has(v.warnings, "invalidDocument", /ftp:/));
});

test("alternate: the first text/html alternate is the website, resolved; untyped ones are ignored", () => {
  const d = doc();
  d.links.push({ rel: "alternate", href: "/untyped" }, { rel: "alternate", href: "/site", type: "text/html; charset=utf-8" });
  assert.is(validate(d).info!.website, "https://cm.example.org/site");
});

test("register: a top-level register link wins over one in a flow, resolved", () => {
  const d = doc({ authentication: [{ type: "http://opds-spec.org/auth/basic", links: [{ rel: "register", href: "https://flow/" }] }] });
  d.links.push({ rel: "register", href: "/card" });
  assert.is(validate(d).info!.registration_url, "https://cm.example.org/card");
});

test("extensions are read into info", () => {
  const v = validate(doc({
    service_description: "E-books for Springfield.",
    color_scheme: "teal",
    collection_size: { eng: 10 },
    audience: ["public"],
    focus_area: { US: ["Springfield, IL"] },
  }));
  assert.equal(v.errors, []);
  assert.is(v.info!.description, "E-books for Springfield.");
  assert.is(v.info!.color_scheme, "teal");
  assert.equal(v.info!.collection_size, { eng: 10 });
  assert.equal(v.info!.focus_area, { US: ["Springfield, IL"] });
});

test("every failure is reported, not only the last (B4)", () => {
  const v = validate({ id: "https://other/", authentication: "x", collection_size: -1, public_key: "k", audience: 3, service_area: 7 });
  assert.ok(has(v.errors, "idMismatch"));
  assert.ok(has(v.errors, "missingTitle"));
  assert.ok(has(v.errors, "invalidDocument", /'authentication'/));
  assert.ok(has(v.errors, "missingStart"));
  assert.ok(has(v.errors, "invalidContact"));
  assert.ok(has(v.errors, "invalidExtension", /negative/));
  assert.ok(has(v.errors, "invalidExtension", /audience/));
  assert.ok(has(v.errors, "invalidExtension", /service_area/));
  assert.ok(has(v.errors, "invalidPublicKey"));
  assert.is(v.errors.length, 9);
});

test("the public_key member is passed on raw when its shape is right", () => {
  const key = { type: "RSA", value: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" };
  const v = validate(doc({ public_key: key }));
  assert.equal(v.errors, []);
  assert.is(v.publicKey, key);
});

test.run();

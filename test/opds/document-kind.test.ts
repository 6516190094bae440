import { test } from "uvu";
import * as assert from "uvu/assert";
import { detectDocumentKind } from "../../src/opds/auth-document.ts";
import { AUTH_DOC, AUTH_DOC_V1, OPDS1_ACQUISITION, OPDS1_NAVIGATION, OPDS2 } from "../../src/opds/media-types.ts";
import { sharedJson, withShared } from "../support/shared.ts";

test("either A4OPDS media type, with parameters, is an auth document", () => {
  assert.is(detectDocumentKind(AUTH_DOC_V1, undefined), "auth-document");
  assert.is(detectDocumentKind(`${AUTH_DOC}; charset=utf-8`, undefined), "auth-document");
  assert.is(detectDocumentKind("Application/VND.OPDS.Authentication.v1.0+JSON", undefined), "auth-document");
});

test("a JSON object with 'authentication' is an auth document whatever its type", () => {
  assert.is(detectDocumentKind("application/json", { authentication: [] }), "auth-document");
  assert.is(detectDocumentKind(null, { id: "x", authentication: [] }), "auth-document");
});

withShared(test)("fixture: Palace's registration document served as application/json is an auth document", () => {
  assert.is(detectDocumentKind("application/json", sharedJson("auth-documents/palace-test-registration-auth-doc.json")), "auth-document");
});

test("the OPDS 2 media type is an OPDS 2 feed", () => {
  assert.is(detectDocumentKind(`${OPDS2}; charset=utf-8`, { links: [] }), "opds2-feed");
});

withShared(test)("fixture: an OPDS 2 root served as application/json is an OPDS 2 feed (links + metadata)", () => {
  assert.is(detectDocumentKind("application/json", sharedJson("opds-root/opds2-root-links-array-standard-shape.json")), "opds2-feed");
});

test("Atom types are OPDS 1 feeds (acquisition, navigation, plain Atom)", () => {
  assert.is(detectDocumentKind(OPDS1_ACQUISITION, undefined), "opds1-feed");
  assert.is(detectDocumentKind(OPDS1_NAVIGATION, undefined), "opds1-feed");
  assert.is(detectDocumentKind("application/atom+xml", undefined), "opds1-feed");
});

test("anything else is unknown", () => {
  assert.is(detectDocumentKind("text/html", undefined), "unknown");
  assert.is(detectDocumentKind(null, undefined), "unknown");
  assert.is(detectDocumentKind("application/json", { title: "x" }), "unknown");
  assert.is(detectDocumentKind("application/json", [{ authentication: [] }]), "unknown");
});

test.run();

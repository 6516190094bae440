import { test } from "uvu";
import * as assert from "uvu/assert";
import { hasRel, normaliseUrl, relsOf, resolveHref, sameUrl, schemeOf } from "../../src/opds/links.ts";

test("rel as a string, an array, or something else", () => {
  assert.equal(relsOf({ rel: "start" }), ["start"]);
  assert.equal(relsOf({ rel: ["a", 3, "b"] }), ["a", "b"]);
  assert.equal(relsOf({ rel: 5 }), []);
  assert.equal(relsOf(null), []);
  assert.ok(hasRel({ rel: ["x", "start"] }, "start"));
});

test("hrefs resolve against the containing document's URL", () => {
  assert.is(resolveHref("../feed", "https://a.example/lib/auth"), "https://a.example/feed");
  assert.is(resolveHref("mailto:x@y", "https://a.example/"), "mailto:x@y");
  assert.is(resolveHref("/x", "not a url"), null);
});

test("URLs compare exactly or in WHATWG-normalised form", () => {
  assert.is(normaliseUrl("HTTP://Example.ORG:80"), "http://example.org/");
  assert.ok(sameUrl("http://example.org", "http://example.org/"));
  assert.not.ok(sameUrl("http://example.org/a", "http://example.org/a/"));
  assert.ok(sameUrl("not a url", "not a url"));
});

test("schemeOf", () => {
  assert.is(schemeOf("MAILTO:x@y"), "mailto");
  assert.is(schemeOf("/relative"), null);
});

test.run();

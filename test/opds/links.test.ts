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

test("data: URIs resolve exactly as the URL parser resolves them, the plain ones without parsing", () => {
  const parsed = (href: string, base: string) => {
    try {
      return new URL(href, base).href;
    } catch {
      return null;
    }
  };
  const logo = `data:image/png;base64,${Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString("base64")}`;
  const cases = [logo, "data:,", "data:text/plain,a b", "DATA:image/png;base64,AAAA", "data:x#frag", "data:x?q=1", "data:\tabc", " data:abc ", "data:a%20b", "data:é", "data:a\nb", "data:a<b>"];
  // and random ones over characters the parser treats specially
  const alphabet = "aZ09+/=;,:._-#?% \t\n<>\"{}|\\^`é\u0000\u007f";
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 3000; i++) cases.push("data:" + Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(""));
  for (const base of ["https://a.example/lib/auth", "not a url"]) for (const href of cases) assert.is(resolveHref(href, base), parsed(href, base), JSON.stringify(href));
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

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { extractFeedLinks, ATOM_NS, type FeedLinks } from "../../src/opds/xml-links.ts";
import { PROBLEMS, specificType, type Problem } from "../../src/opds/problem.ts";
import { sharedText, withShared } from "../support/shared.ts";

const local = (name: string) => readFileSync(new URL(`../fixtures/opds/${name}`, import.meta.url), "utf8");
function ok(r: FeedLinks | { problem: Problem }): FeedLinks {
  assert.ok(!("problem" in r), `unexpected problem: ${JSON.stringify(r)}`);
  return r as FeedLinks;
}
function refused(r: FeedLinks | { problem: Problem }): Problem {
  assert.ok("problem" in r, `expected a problem, got ${JSON.stringify(r)}`);
  return (r as { problem: Problem }).problem;
}

withShared(test)("fixture: the minimal feed's auth link is found", () => {
  const r = ok(extractFeedLinks(sharedText("opds-root/opds1-root-links-to-auth-doc.xml")));
  assert.is(r.rootName, "feed");
  assert.equal(r.links, [{ rel: "http://opds-spec.org/auth/document", href: "http://circmanager.org/auth" }]);
});

withShared(test)("fixture: an empty feed has no links", () => {
  assert.equal(ok(extractFeedLinks(sharedText("opds-root/opds1-root-no-auth-link.xml"))), { links: [], rootName: "feed" });
});

withShared(test)("fixture: a relative href is returned as written", () => {
  const r = ok(extractFeedLinks(sharedText("opds-root/opds1-root-relative-auth-link.xml")));
  assert.is(r.links[0].href, "auth-document");
});

test("prefixed Atom: feed-level links only; comments, CDATA, PIs and entry links skipped; refs decoded", () => {
  const r = ok(extractFeedLinks(local("opds1-root-prefixed-atom.xml")));
  assert.is(r.rootName, "feed");
  assert.is(r.rootNamespace, ATOM_NS);
  assert.equal(r.links, [
    { rel: "http://opds-spec.org/auth/document", href: "http://circmanager.org/auth?a=1&b=23", type: "application/vnd.opds.authentication.v1.0+json" },
    { rel: "self", href: "/lib/feed", type: "application/atom+xml;profile=opds-catalog;kind=navigation" },
  ]);
});

test("default namespace and single quotes", () => {
  const r = ok(extractFeedLinks(`<feed xmlns='${ATOM_NS}'><link href='a' rel='b'/></feed>`));
  assert.is(r.rootNamespace, ATOM_NS);
  assert.equal(r.links, [{ href: "a", rel: "b" }]);
});

test("the five predefined entities and numeric references are decoded", () => {
  const r = ok(extractFeedLinks(`<feed><link href="&lt;&gt;&amp;&quot;&apos;&#233;&#x1F4DA;"/></feed>`));
  assert.is(r.links[0].href, `<>&"'é📚`);
});

test("literal whitespace in an attribute value is normalised to spaces", () => {
  const r = ok(extractFeedLinks(`<feed><link rel="a\n\tb" href="x"/></feed>`));
  assert.is(r.links[0].rel, "a  b");
});

test("a link without href is skipped", () => {
  assert.equal(ok(extractFeedLinks(`<feed><link rel="x"/></feed>`)).links, []);
});

test("a link inside an entry is ignored", () => {
  assert.equal(ok(extractFeedLinks(`<feed><entry><link rel="r" href="h"/></entry></feed>`)).links, []);
});

test("the root name is reported even when it is not feed", () => {
  const r = ok(extractFeedLinks(`<html><link rel="r" href="h"/></html>`));
  assert.is(r.rootName, "html");
});

test("billion laughs is refused with xmlEntities, before any expansion", () => {
  const p = refused(extractFeedLinks(local("billion-laughs.xml")));
  assert.is(specificType(p), PROBLEMS.xmlEntities.type);
  assert.not.match(p.detail!, /lollol/);
});

test("an external entity (XXE) is refused with xmlEntities", () => {
  assert.is(specificType(refused(extractFeedLinks(local("xxe-external-entity.xml")))), PROBLEMS.xmlEntities.type);
});

test("a DOCTYPE without entity declarations is skipped", () => {
  const r = ok(extractFeedLinks(`<!DOCTYPE feed [<!ELEMENT feed ANY> <!-- ] > -->]><feed><link href="h"/></feed>`));
  assert.equal(r.links, [{ href: "h" }]);
});

test("an undeclared entity is malformedXml, never expanded", () => {
  const p = refused(extractFeedLinks(`<feed><link href="x&foo;"/></feed>`));
  assert.is(specificType(p), PROBLEMS.malformedXml.type);
  assert.match(p.detail!, /&foo;/);
});

test("a bare ampersand is malformedXml", () => {
  assert.is(specificType(refused(extractFeedLinks(`<feed><link href="a&b"/></feed>`))), PROBLEMS.malformedXml.type);
});

test("an illegal character reference is malformedXml", () => {
  assert.is(specificType(refused(extractFeedLinks(`<feed><link href="&#0;"/></feed>`))), PROBLEMS.malformedXml.type);
  assert.is(specificType(refused(extractFeedLinks(`<feed><link href="&#xD800;"/></feed>`))), PROBLEMS.malformedXml.type);
});

const malformed: Array<[string, string]> = [
  ["no root element", "<?xml version='1.0'?><!-- nothing -->"],
  ["an empty document", ""],
  ["JSON instead of XML", '{"links": []}'],
  ["mismatched end tag", "<feed><entry></feed></entry>"],
  ["unclosed root (truncated)", "<feed><link href='a'/>"],
  ["two root elements", "<feed></feed><feed></feed>"],
  ["text after the root", "<feed></feed>junk"],
  ["unquoted attribute", "<feed><link href=a/></feed>"],
  ["repeated attribute", "<feed><link href='a' href='b'/></feed>"],
  ["'<' in an attribute value", "<feed><link href='a<b'/></feed>"],
  ["unterminated comment", "<feed><!-- </feed>"],
  ["unterminated start tag", "<feed><link href='a'"],
  ["an ENTITY-like declaration outside a DOCTYPE", "<feed><!ENTITY x 'y'></feed>"],
  ["end tag without start", "</feed>"],
];
for (const [name, xml] of malformed) {
  test(`malformedXml: ${name}`, () => {
    assert.is(specificType(refused(extractFeedLinks(xml))), PROBLEMS.malformedXml.type);
  });
}

test("a large flat feed scans in linear time", () => {
  const entries = "<entry><title>t</title><link rel='x' href='y'/></entry>".repeat(50_000);
  const r = ok(extractFeedLinks(`<feed>${entries}<link rel="last" href="z"/></feed>`));
  assert.equal(r.links, [{ rel: "last", href: "z" }]);
});

test("100k nested elements do not overflow the stack", () => {
  const r = ok(extractFeedLinks("<feed>" + "<e>".repeat(100_000) + "</e>".repeat(100_000) + "<link href='h'/></feed>"));
  assert.equal(r.links, [{ href: "h" }]);
});

test.run();

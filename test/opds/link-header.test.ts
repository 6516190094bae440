import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseLinkHeader } from "../../src/opds/link-header.ts";
import { sharedText, withShared } from "../support/shared.ts";

test("one link with a quoted rel and type", () => {
  assert.equal(parseLinkHeader('<http://a.example/auth>; rel="http://opds-spec.org/auth/document"; type="application/vnd.opds.authentication.v1.0+json"'), [
    {
      href: "http://a.example/auth",
      rels: ["http://opds-spec.org/auth/document"],
      params: { rel: "http://opds-spec.org/auth/document", type: "application/vnd.opds.authentication.v1.0+json" },
    },
  ]);
});

withShared(test)("fixture: the Link header of link-header-example.txt", () => {
  const line = sharedText("opds-root/link-header-example.txt").split("\n").find((l) => l.startsWith("Link:"))!;
  const [link] = parseLinkHeader(line.slice("Link:".length));
  assert.is(link.href, "http://circmanager.org/authentication.opds");
  assert.equal(link.rels, ["http://opds-spec.org/auth/document"]);
});

test("several comma-separated links are all returned, even with the same rel", () => {
  const links = parseLinkHeader('<https://a/1>; rel="next", <https://a/2>; rel="next",<https://a/3>;rel=prev');
  assert.equal(links.map((l) => [l.href, l.rels]), [["https://a/1", ["next"]], ["https://a/2", ["next"]], ["https://a/3", ["prev"]]]);
});

test("a rel with several space-separated relation types", () => {
  const [link] = parseLinkHeader('<https://a/>; rel="start http://opds-spec.org/auth/document  Alternate"');
  assert.equal(link.rels, ["start", "http://opds-spec.org/auth/document", "alternate"]);
});

test("commas inside <...> and inside quoted strings do not split links", () => {
  const links = parseLinkHeader('<https://a/x?q=1,2>; rel="a"; title="Hello, world", <https://b/>; rel=b');
  assert.equal(links.map((l) => l.href), ["https://a/x?q=1,2", "https://b/"]);
  assert.is(links[0].params.title, "Hello, world");
});

test("quoted-string escapes are undone", () => {
  const [link] = parseLinkHeader('<x>; rel=a; title="say \\"hi\\" \\\\ ok"');
  assert.is(link.params.title, 'say "hi" \\ ok');
});

test("parameter names are case-insensitive; the first of a repeated parameter wins (RFC 8288 §3)", () => {
  const [link] = parseLinkHeader('<x>; REL="first"; rel="second"; Type=text/html');
  assert.equal(link.rels, ["first"]);
  assert.is(link.params.type, "text/html");
});

test("a link without rel has no rels", () => {
  assert.equal(parseLinkHeader("<x>; type=a"), [{ href: "x", rels: [], params: { type: "a" } }]);
});

test("a malformed link-value is skipped and the others kept", () => {
  const links = parseLinkHeader('garbage; rel=x, <https://ok/>; rel=ok, <https://bad/> junk, <https://ok2/>; rel=ok');
  assert.equal(links.map((l) => l.href), ["https://ok/", "https://ok2/"]);
});

test("empty or missing header gives no links", () => {
  assert.equal(parseLinkHeader(null), []);
  assert.equal(parseLinkHeader(""), []);
  assert.equal(parseLinkHeader(" , ,"), []);
});

test("an unterminated quoted string ends parsing without throwing", () => {
  assert.equal(parseLinkHeader('<a>; rel=x, <b>; title="oops'), [{ href: "a", rels: ["x"], params: { rel: "x" } }]);
});

test("a trailing semicolon is harmless", () => {
  assert.equal(parseLinkHeader("<a>; rel=x;").map((l) => l.rels), [["x"]]);
});

test.run();

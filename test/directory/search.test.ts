// Search: the reference's query reading (shared cases) and matching at least as forgiving as it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { normalizeQuery, queryParts } from "../../src/directory/search/query-parts.ts";
import { buildSearchIndex, searchFeedHead } from "../../src/directory/search/index-file.ts";
import { LibrarySearch } from "../../src/directory/search/library-search.ts";
import { buildOpenSearchDescription } from "../../src/directory/search/opensearch.ts";
import { buildSearchFeed } from "../../src/directory/search/search-feed.ts";
import { areaNames } from "../../src/directory/search/area-names.ts";
import { sharedJson, sharedText, withShared } from "../support/shared.ts";
import { fillerLibraries, NAMED_LIBRARIES, namedDirectoryLibraries, uuidFor } from "../support/search-libraries.ts";

const CFG = { title: "T", base_url: "https://registry.example.org", page_size: 100 };
const libs = namedDirectoryLibraries([...NAMED_LIBRARIES, ...fillerLibraries(14)]);
// through JSON, as the server, the worker and the page read it
const files = JSON.parse(JSON.stringify(buildSearchIndex(libs, CFG)));
const index = LibrarySearch.fromFile(files.names, files.descriptions);
const names = (q: string, qa = false) => index.search(q, { qa }).map((r) => r.name);
const first = (q: string, qa = false) => index.search(q, { qa })[0]?.name;

withShared(test)("query parts: the reference's cases (name query, place query, place type)", () => {
  const { cases } = sharedJson<{ cases: { q: string; expect?: unknown[] }[] }>("coverage/search-query-parts-cases.json");
  let checked = 0;
  for (const c of cases) {
    if (!c.expect) continue;
    assert.equal(queryParts(c.q), c.expect, c.q);
    checked++;
  }
  assert.ok(checked >= 7);
});

test("query parts: lower case, whitespace collapsed, 'libary' read as 'library'", () => {
  assert.is(normalizeQuery("  Springfield  Libary "), "springfield library");
  assert.equal(queryParts("Springfield  Libary"), ["springfield library", "springfield", null]);
  assert.equal(queryParts("Bibliothèque de Montréal"), ["bibliotheque de montreal", "bibliotheque de montreal", null]);
});

test("a misspelt name finds its library (two edits on long words)", () => {
  assert.is(first("Sprngfeld Public Library"), "Springfield Public Library");
  assert.is(first("springfield libary"), "Springfield Public Library");
  assert.is(first("los angles public libary"), "Los Angeles Public Library");
  assert.is(first("shelbyvile"), "Shelbyville Library");
});

test("a name typed in part finds it as you type", () => {
  assert.is(first("shel"), "Shelbyville Library");
  assert.is(first("los ang"), "Los Angeles Public Library");
});

test("short name and initials are aliases", () => {
  assert.is(first("spring"), "Springfield Public Library");
  assert.is(first("SPRING"), "Springfield Public Library");
  assert.is(first("lapl"), "Los Angeles Public Library");
});

test("'kern county library' finds the county's library; a county finds it by place", () => {
  assert.is(first("kern county library"), "Kern County Library");
  assert.is(first("kern county"), "Kern County Library");
});

test("a ZIP (or ZIP+4) finds the libraries serving it, and only them", () => {
  assert.equal(names("90002"), ["Los Angeles Public Library"]);
  assert.equal(names("62565-1234"), ["Shelbyville Library"]);
  assert.equal(names("99999"), []);
});

test("a place finds the library serving it, after the name matches", () => {
  assert.is(first("springfield, il"), "Springfield Public Library");
  const hits = index.search("illinois", { qa: false });
  assert.equal(hits.map((h) => h.name).sort(), ["Shelbyville Library", "Springfield Public Library"]);
  assert.ok(hits.every((h) => h.bucket === "place"));
});

test("then the description", () => {
  const hits = index.search("genealogy", { qa: false });
  assert.equal(hits.map((h) => [h.name, h.bucket]), [["Shelbyville Library", "description"]]);
});

test("buckets come in order: name, place, description; each at most 10; no repeats", () => {
  // "ogdenville": 14 names match, 14 places too: 10 names, then nothing new from places
  const hits = index.search("ogdenville", { qa: false });
  assert.is(hits.filter((h) => h.bucket === "name").length, 10);
  assert.is(hits.filter((h) => h.bucket === "place").length, 4);
  assert.is(new Set(hits.map((h) => h.uuid)).size, hits.length);
  const order = hits.map((h) => ["name", "place", "description"].indexOf(h.bucket));
  assert.equal(order, [...order].sort());
  // Bakersfield is only in Kern's description
  assert.equal(index.search("bakersfield", { qa: false }).map((h) => h.bucket), ["description"]);
});

test("production only; the QA variant adds libraries in testing; cancelled ones never", () => {
  assert.equal(names("queens"), []);
  assert.equal(names("queens", true), ["Queens Public Library"]);
  assert.equal(names("cancelled", true), []);
  assert.equal(names("nowhere", true), []);
  assert.is(index.all(false).length, 4 + 14);
  assert.is(index.all(true).length, 5 + 14);
});

test("nonsense finds nothing; an absurdly long query is cut, not an error", () => {
  assert.equal(names("zzzzqqq"), []);
  assert.ok(Array.isArray(names("library ".repeat(10_000))));
});

test("an index of another version is refused with the fix", () => {
  assert.throws(() => LibrarySearch.fromFile({ version: 99 } as never), /rebuild the directory/);
  assert.throws(() => LibrarySearch.fromFile(files.names, { version: 99 } as never), /rebuild the directory/);
});

test("descriptions are a separate file: without it, names and places still answer", () => {
  const names = LibrarySearch.fromFile(files.names);
  assert.is(names.hasDescriptions, false);
  assert.equal(names.search("genealogy", { qa: false }), []);
  assert.is(names.search("shelbyvile", { qa: false })[0].name, "Shelbyville Library");
  const both = names.withDescriptions(files.descriptions);
  assert.equal(both.search("genealogy", { qa: false }).map((h) => h.name), ["Shelbyville Library"]);
});

test("areas: place lists, country objects, everywhere, ZIPs and state names", () => {
  assert.equal(areaNames({ US: ["Springfield, IL", "93203", "12345-6789"] }, "everywhere", ["Texas"]), {
    names: ["Springfield, IL Illinois", "Texas"],
    zips: ["93203", "12345"],
  });
  assert.equal(areaNames({ US: "everywhere" }, null, 42, { CA: ["Toronto, ON"] }), { names: ["Toronto, ON"], zips: [] });
});

withShared(test)("the OpenSearch description has the reference's shape, with our template", () => {
  const ours = buildOpenSearchDescription(CFG, false);
  const reference = sharedText("expected-output/opensearch-description.xml");
  const strip = (x: string) => x.replace(/<Url [^>]*\/>/, "").replace(/\s+/g, "");
  assert.is(strip(ours), strip(reference));
  assert.match(ours, '<Url type="application/opds+json" template="https://registry.example.org/search?q={searchTerms}"/>');
  assert.match(buildOpenSearchDescription(CFG, true), 'template="https://registry.example.org/qa/search?q={searchTerms}"');
  assert.match(buildOpenSearchDescription({ base_url: 'https://x.example/a&"b' }, false), "a&amp;&quot;b/search");
});

test("the results feed: title, self and search links, the libraries' own entries in order", async () => {
  const results = index.search("illinois", { qa: false });
  const entry = (uuid: string) => ({ metadata: { id: `urn:uuid:${uuid}`, title: "t", updated: "x", modified: "x" }, links: [] });
  const head = searchFeedHead({ ...CFG, register_url: "https://registry.example.org/register" }, false);
  const gone = results[1].uuid;
  const feed = await buildSearchFeed(head, "springfield & co", results, async (u) => (u === gone ? null : entry(u)));
  assert.is(feed.metadata.title, 'Search results for "springfield & co"');
  assert.equal(feed.links.map((l) => l.rel), ["self", "register", "search", "http://librarysimplified.org/rel/registry/library"]);
  assert.is(feed.links[0].href, "https://registry.example.org/search?q=springfield%20%26%20co");
  assert.is(feed.links[2].href, "https://registry.example.org/search");
  // a library whose file is gone is left out
  assert.equal(feed.catalogs.map((c) => c.metadata.id), results.filter((r) => r.uuid !== gone).map((r) => `urn:uuid:${r.uuid}`));
  assert.ok(results.length >= 2);
});

test.run();

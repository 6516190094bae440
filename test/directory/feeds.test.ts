import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildLibrariesFeed, buildLibraryDocument, buildRootCatalog } from "../../src/directory/feeds.ts";
import { BARE_CONFIG, CONFIG, library, sampleLibraries } from "../fixtures/directory/sample-libraries.ts";
import { feedProblems } from "./client-rules.ts";
import { catalogsFeedErrors, stockFeedErrors } from "./opds-schemas.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const libs = sampleLibraries();
const titles = (feed: { catalogs: { metadata: { title: string } }[] }) => feed.catalogs.map((e) => e.metadata.title);

test("/libraries holds the libraries with both stages production, ordered by title", () => {
  const feed = buildLibrariesFeed(libs, CONFIG, { qa: false });
  // accents and case compare as base letters: Ä sorts with A, "ansonia" with "Ansonia"
  assert.equal(titles(feed), ["Ängelholm Bibliotek", "ansonia Library", "Springfield Public Library", "Zebra County <script>alert(1)</script> & Co"]);
});

test("/libraries/qa adds testing libraries and leaves cancelled ones out", () => {
  const feed = buildLibrariesFeed(libs, CONFIG, { qa: true });
  assert.equal(titles(feed), [
    "Ängelholm Bibliotek",
    "ansonia Library",
    "Awaiting Approval Library",
    "Beta Testing Library",
    "Springfield Public Library",
    "Zebra County <script>alert(1)</script> & Co",
  ]);
  const cancelledEither = [library(20, { library_stage: "cancelled" }), library(21, { registry_stage: "cancelled" })];
  assert.equal(buildLibrariesFeed(cancelledEither, CONFIG, { qa: true }).catalogs, []);
});

test("title order is stable: equal titles fall back to id, whatever the input order", () => {
  const a = library(31, { info: { title: "Same Name" } });
  const b = library(30, { info: { title: "Same Name" } });
  const c = library(32, { info: { title: "same name" } });
  const ids = (xs: typeof a[]) => buildLibrariesFeed(xs, CONFIG, { qa: false }).catalogs.map((e) => e.metadata.id.slice(-2));
  assert.equal(ids([a, b, c]), ids([c, b, a]));
  assert.equal(ids([a, b, c]), ["30", "31", "32"]);
  const numeric = [library(40, { info: { title: "Branch 10" } }), library(41, { info: { title: "Branch 9" } })];
  assert.equal(titles(buildLibrariesFeed(numeric, CONFIG, { qa: false })), ["Branch 9", "Branch 10"]);
});

test("feed metadata and links: self, register, search, the library template", () => {
  const feed = buildLibrariesFeed(libs, CONFIG, { qa: false });
  assert.equal(feed.metadata, { title: "Libraries", adobe_vendor_id: "ADOBE-VENDOR" });
  assert.equal(feed.links, [
    { rel: "self", href: "https://registry.example.org/libraries", type: "application/opds+json" },
    { rel: "register", href: "https://registry.example.org/register", type: "application/opds+json;profile=https://librarysimplified.org/rel/profile/directory" },
    { rel: "search", href: "https://registry.example.org/search", type: "application/opensearchdescription+xml" },
    { rel: "http://librarysimplified.org/rel/registry/library", href: "https://registry.example.org/library/{uuid}", type: "application/opds+json", templated: true },
  ]);
  const qa = buildLibrariesFeed(libs, CONFIG, { qa: true });
  assert.is(qa.links[0].href, "https://registry.example.org/libraries/qa");
  // the QA feed searches QA (the reference's /qa/search)
  assert.is(qa.links.find((l) => l.rel === "search")?.href, "https://registry.example.org/qa/search");
});

test("without register_url or adobe_vendor_id: no register link, no vendor id (not null)", () => {
  for (const feed of [buildLibrariesFeed(libs, BARE_CONFIG, { qa: false }), buildRootCatalog(BARE_CONFIG)]) {
    assert.not.ok("adobe_vendor_id" in feed.metadata);
    assert.not.ok(feed.links.some((l) => l.rel === "register"));
  }
  assert.not.ok("adobe_vendor_id" in buildLibrariesFeed(libs, { ...BARE_CONFIG, adobe_vendor_id: null }, { qa: false }).metadata);
});

test("a library document is a feed with that one entry, for any stage", () => {
  const cancelled = libs[6];
  const doc = buildLibraryDocument(cancelled, CONFIG);
  assert.is(doc.metadata.title, "Cancelled Library");
  assert.is(doc.catalogs.length, 1);
  assert.is(doc.catalogs[0].metadata.id, cancelled.id);
  assert.is(doc.links[0].href, "https://registry.example.org/library/3b5e1ad8-0000-4000-8000-000000000007");
});

test("the root catalog: register first after self, feeds, template, crawlable, navigation", () => {
  const root = buildRootCatalog(CONFIG, { production: 4, qa: 6 });
  assert.equal(root.metadata, { title: "Test Directory", adobe_vendor_id: "ADOBE-VENDOR" });
  assert.equal(
    root.links.map((l) => [l.rel, l.href]),
    [
      ["self", "https://registry.example.org/root.json"],
      ["register", "https://registry.example.org/register"],
      ["collection", "https://registry.example.org/libraries"],
      ["collection", "https://registry.example.org/libraries/qa"],
      ["http://opds-spec.org/crawlable", "https://registry.example.org/libraries/crawlable?offset=0&size=3&order=name&availability=production"],
      ["search", "https://registry.example.org/search"],
      ["http://librarysimplified.org/rel/registry/library", "https://registry.example.org/library/{uuid}"],
    ],
  );
  // the circulation manager takes the first rel "register" and requires the directory profile
  assert.is(root.links.find((l) => l.rel === "register")?.type, "application/opds+json;profile=https://librarysimplified.org/rel/profile/directory");
  assert.equal(root.navigation.map((l) => l.properties?.numberOfItems), [4, 6, undefined]);
  assert.ok(root.navigation.every((l) => typeof l.title === "string"));
});

test("every feed passes the apps' rules (no nulls, string rels, entry checklist)", () => {
  const feeds = [
    buildLibrariesFeed(libs, CONFIG, { qa: false }),
    buildLibrariesFeed(libs, CONFIG, { qa: true }),
    buildLibrariesFeed(libs, BARE_CONFIG, { qa: false }),
    buildLibrariesFeed([], CONFIG, { qa: false }),
    ...libs.map((l) => buildLibraryDocument(l, CONFIG)),
  ];
  for (const f of feeds) assert.equal(feedProblems(f), [], f.metadata.title);
});

withShared(test)("every feed validates against the catalogs-aware OPDS 2 schema (PR #38)", () => {
  const feeds = [
    buildLibrariesFeed(libs, CONFIG, { qa: false }),
    buildLibrariesFeed(libs, CONFIG, { qa: true }),
    buildLibrariesFeed(libs, BARE_CONFIG, { qa: true }),
    buildLibrariesFeed([], CONFIG, { qa: false }),
    ...libs.map((l) => buildLibraryDocument(l, CONFIG)),
    buildRootCatalog(CONFIG, { production: 4, qa: 6 }),
    buildRootCatalog(BARE_CONFIG),
  ];
  for (const f of feeds) assert.equal(catalogsFeedErrors(f), [], f.metadata.title);
});

withShared(test)("the root catalog also validates against the stock OPDS 2 feed schema", () => {
  assert.equal(stockFeedErrors(buildRootCatalog(CONFIG, { production: 4, qa: 6 })), []);
  assert.equal(stockFeedErrors(buildRootCatalog(BARE_CONFIG)), []);
});

withShared(test)("the validator can fail: Palace's feed passes, a broken copy does not", () => {
  const palace = sharedJson("expected-output/palace-libraries-feed-one-entry.json");
  assert.equal(catalogsFeedErrors(palace), []);
  assert.ok(stockFeedErrors(palace).length > 0, "catalogs-only feeds fail the stock schema");
  const noSelf = { ...palace, links: palace.links.filter((l: any) => l.rel !== "self") };
  assert.ok(catalogsFeedErrors(noSelf).length > 0);
  const badEntry = { ...palace, catalogs: [{ metadata: { title: "x" }, links: [{ rel: "help", href: "mailto:a@b.example" }] }] };
  assert.ok(catalogsFeedErrors(badEntry).length > 0, "an entry without a catalog link");
  // and the client rules catch what no schema does: Palace's `adobe_vendor_id: null`
  assert.ok(feedProblems(palace).some((p) => /null/.test(p)));
});

test.run();

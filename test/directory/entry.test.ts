import { test } from "uvu";
import * as assert from "uvu/assert";
import { LIST_DESCRIPTION_CHARS, buildLibraryEntry, summarize } from "../../src/directory/entry.ts";
import { buildLibrariesFeed, buildLibraryDocument } from "../../src/directory/feeds.ts";
import { logoUrl } from "../../src/directory/logo.ts";
import { CONFIG, LOGO_HASH, library, sampleLibraries, uuid } from "../fixtures/directory/sample-libraries.ts";
import { entryProblems } from "./client-rules.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const [spl, ansonia, zebra, angel, , awaiting] = sampleLibraries();

test("every sample entry passes the apps' entry checklist", () => {
  for (const lib of sampleLibraries()) assert.equal(entryProblems(buildLibraryEntry(lib, CONFIG)), [], lib.slug);
});

test("metadata: id, title, description, updated = modified as a Z instant", () => {
  const e = buildLibraryEntry(spl, CONFIG);
  assert.equal(e.metadata, {
    id: "urn:uuid:3b5e1ad8-0000-4000-8000-000000000001",
    title: "Springfield Public Library",
    updated: "2024-05-01T12:30:00Z",
    modified: "2024-05-01T12:30:00Z",
    description: "Serving Springfield, MA since 1857",
  });
  // an offset and milliseconds are normalised to UTC whole seconds
  assert.is(buildLibraryEntry(angel, CONFIG).metadata.updated, "2024-06-30T06:00:00Z");
});

test("description is left out, never null, when the document has none", () => {
  const e = buildLibraryEntry(ansonia, CONFIG);
  assert.not.ok("description" in e.metadata);
  assert.not.ok("description" in buildLibraryEntry(library(9, { info: { description: "  " } }), CONFIG).metadata);
});

test("list feeds carry a description of whole sentences up to 160 characters; the library's own document the whole text", () => {
  const long =
    "Agoura Hills Public Library serves the residents of Agoura Hills, CA with e-books, audiobooks and magazines. Questions? Our staff answer at the help link. " +
    "Sign in with your library card number and PIN to borrow up to 10 titles at a time.";
  const lib = library(9, { info: { description: long } });
  const listed = buildLibrariesFeed([lib], CONFIG, { qa: true }).catalogs[0].metadata.description!;
  assert.is(listed, "Agoura Hills Public Library serves the residents of Agoura Hills, CA with e-books, audiobooks and magazines. Questions? Our staff answer at the help link.");
  assert.ok(listed.length <= LIST_DESCRIPTION_CHARS);
  assert.is(buildLibraryDocument(lib, CONFIG).catalogs[0].metadata.description, long);
  assert.is(buildLibraryEntry(lib, CONFIG).metadata.description, long, "the full entry by default (registration answers, pages)");
});

test("search results carry the list form of the description, read from the library's own document", async () => {
  const { buildSearchFeed } = await import("../../src/directory/search/search-feed.ts");
  const long = "First sentence here. " + "More words follow in the second sentence of this description. ".repeat(5);
  const full = buildLibraryDocument(library(9, { info: { description: long } }), CONFIG).catalogs[0];
  const feed = await buildSearchFeed({ metadata: {}, links: [{ rel: "self", href: "https://r.example/search" }] } as any, "x", [{ uuid: "u" } as any], async () => full);
  assert.is(feed.catalogs[0].metadata.description, summarize(long));
  assert.ok(feed.catalogs[0].metadata.description!.length <= LIST_DESCRIPTION_CHARS);
});

test("a 'near me' tile lists a slim entry: no description, no area or copyright links; the rest as in the feed", async () => {
  const { tileEntry } = await import("../../src/directory/places.ts");
  const full = buildLibraryEntry(spl, CONFIG, { list: true });
  const slim = tileEntry(full);
  assert.not.ok("description" in slim.metadata);
  assert.equal(slim.metadata, (({ description: _d, ...m }) => m)(full.metadata));
  assert.equal(slim.links.map((l) => l.rel), full.links.map((l) => l.rel).filter((r) => !/eligibility|focus|copyright|register/.test(r ?? "")));
  assert.ok(slim.links.some((l) => l.type === "application/vnd.opds.authentication.v1.0+json"));
  assert.equal(slim.images, full.images);
  assert.equal(entryProblems(slim), []);
});

test("summarize: a short text as is; a first sentence longer than the cap is cut at a word, with an ellipsis", () => {
  assert.is(summarize("  Short and sweet.  "), "Short and sweet.");
  const words = "word ".repeat(60).trim();
  const cut = summarize(words);
  assert.ok(cut.endsWith("…") && cut.length <= LIST_DESCRIPTION_CHARS, cut);
  assert.ok(!cut.includes("wor…") && cut.startsWith("word word"), "cut between words");
  const oneWord = "x".repeat(500);
  assert.is(summarize(oneWord).length, LIST_DESCRIPTION_CHARS);
  assert.is(summarize("Dr. Smith runs it. " + "a ".repeat(100)), "Dr. Smith runs it.");
});

test("links come in the reference order with string rels and exact types", () => {
  const e = buildLibraryEntry(spl, CONFIG);
  assert.equal(e.links, [
    { rel: "http://opds-spec.org/catalog", href: "https://circ.springfield.example/SPL/", type: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
    { rel: "http://opds-spec.org/auth/document", href: "https://circ1.example/lib/authentication_document", type: "application/vnd.opds.authentication.v1.0+json" },
    { rel: "alternate", href: "https://springfieldlibrary.example/", type: "text/html" },
    { rel: "http://librarysimplified.org/rel/registry/eligibility", href: `https://registry.example.org/library/${uuid(1)}/eligibility`, type: "application/geo+json" },
    { rel: "http://librarysimplified.org/rel/registry/focus", href: `https://registry.example.org/library/${uuid(1)}/focus`, type: "application/geo+json" },
    { rel: "help", href: "mailto:help@springfield.example" },
    { rel: "help", href: "https://springfield.example/help" },
    { rel: "http://librarysimplified.org/rel/designated-agent/copyright", href: "mailto:dmca@springfield.example" },
    { rel: "register", href: "https://springfield.example/signup", type: "text/html" },
  ]);
});

test("the catalog link is typed from the start link, OPDS 1 acquisition when untyped", () => {
  assert.is(buildLibraryEntry(ansonia, CONFIG).links[0].type, "application/opds+json");
  const untyped = library(9, { info: { start: { href: "https://x.example/" } } });
  assert.is(buildLibraryEntry(untyped, CONFIG).links[0].type, "application/atom+xml;profile=opds-catalog;kind=acquisition");
  const garbage = library(9, { info: { start: { href: "https://x.example/", type: "not a type" } } });
  assert.is(buildLibraryEntry(garbage, CONFIG).links[0].type, "application/atom+xml;profile=opds-catalog;kind=acquisition");
});

test("every entry links its eligibility and focus GeoJSON (the reference's rels and type)", () => {
  for (const l of sampleLibraries()) {
    const geo = buildLibraryEntry(l, CONFIG).links.filter((k) => /registry\/(eligibility|focus)$/.test(k.rel ?? ""));
    assert.equal(geo.map((k) => [k.rel?.split("/").pop(), k.type, k.href.endsWith(`/library/${l.id.slice(9)}/${k.rel?.split("/").pop()}`)]), [
      ["eligibility", "application/geo+json", true],
      ["focus", "application/geo+json", true],
    ]);
  }
});

test("a converted logo is a thumbnail at {base_url}/logos/<hash>.png; a library's own logo href never is", () => {
  assert.equal(buildLibraryEntry(spl, CONFIG).images, [{ rel: "http://opds-spec.org/image/thumbnail", href: `https://registry.example.org/logos/${LOGO_HASH}.png`, type: "image/png" }]);
  assert.equal(buildLibraryEntry(angel, CONFIG).images?.[0].href, "https://registry.example.org/logos/fedcba9876543210fedcba9876543210.png");
  assert.not.ok("images" in buildLibraryEntry(ansonia, CONFIG), "a data: URI is not published");
  assert.not.ok("images" in buildLibraryEntry(zebra, CONFIG), "an unconverted URL is not published");
  assert.not.ok("images" in buildLibraryEntry(awaiting, CONFIG), "an SVG is not published");
});

test("logoUrl: only a well-formed hash makes a URL", () => {
  assert.is(logoUrl(library(9, { info: { logo_png: "../../etc/passwd" } }), CONFIG), undefined);
  assert.is(logoUrl(library(9, { info: { logo_png: LOGO_HASH.toUpperCase() } }), CONFIG), undefined);
  assert.is(logoUrl(library(9, { info: { logo_png: LOGO_HASH } }), { base_url: "https://r.example/dir/" }), `https://r.example/dir/logos/${LOGO_HASH}.png`);
});

test("no private data: contact, secrets and short names never reach an entry", () => {
  const lib = { ...spl, short_name: "SPLSHORT", shared_secret: "s3cr3t-value", contact: "mailto:director@springfield.example" } as typeof spl;
  const text = JSON.stringify(buildLibraryEntry(lib, CONFIG));
  for (const secret of ["SPLSHORT", "s3cr3t-value", "director@springfield.example", "integration-contact"]) assert.not.ok(text.includes(secret), secret);
});

test("duplicate help addresses give one link (the schema wants unique links)", () => {
  const helps = buildLibraryEntry(spl, CONFIG).links.filter((l) => l.rel === "help").map((l) => l.href);
  assert.equal(helps, ["mailto:help@springfield.example", "https://springfield.example/help"]);
});

test("an unreadable updated value is an error naming the library", () => {
  assert.throws(() => buildLibraryEntry(library(9, { updated: "yesterday" }), CONFIG), /library-9/);
});

withShared(test)("same keys and values as the Palace entry for what we publish", () => {
  const palace = sharedJson("expected-output/palace-library-entry-in-libraries-feed.json");
  const ours = buildLibraryEntry(
    library(1, {
      url: "https://circ.springfield.example/SPL/authentication_document",
      updated: "2024-05-01T12:30:00Z",
      info: {
        title: "Springfield Public Library",
        description: "Serving Springfield, MA since 1857",
        start: { href: "https://circ.springfield.example/SPL/" },
        website: "https://springfieldlibrary.example/",
        help: ["mailto:help@springfield.example"],
        copyright_agent: ["mailto:dmca@springfield.example"],
        logo: { href: "https://bucket.s3.amazonaws.com/logo/3b5e1ad8-0000-4000-8000-000000000001.png" },
        logo_png: LOGO_HASH,
        service_area: { US: ["Springfield, MA"] },
      },
    }),
    CONFIG,
  );
  const { subject: _s, ...palaceMeta } = palace.metadata;
  assert.equal(ours.metadata, palaceMeta, "schema:areaServed included");
  // The same image link, to our own converted copy where Palace links its S3 upload
  assert.equal(ours.images, palace.images.map((i: Record<string, string>) => ({ ...i, href: `https://registry.example.org/logos/${LOGO_HASH}.png` })));
  // Palace's links minus `properties` (email validation state we do not track) and the optional
  // web-client `self` link; our GeoJSON links name the library by its bare uuid, which the
  // reference also answers (the `urn:uuid:` form cannot be a Netlify rewrite's source)
  const expected = palace.links
    .filter((l: any) => l.rel !== "self")
    .map(({ properties: _p, ...l }: any) => (/registry\/(eligibility|focus)/.test(l.rel) ? { ...l, href: l.href.replace("/urn:uuid:", "/") } : l));
  assert.equal(ours.links, expected);
});

test.run();

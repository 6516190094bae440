// Place search: a ZIP code, a "City, ST", a county or a state finds the libraries whose service
// area holds it (not only those naming it), the most local area first, then by name; production
// only, with the QA variant adding libraries in testing. Through JSON, as serve, the worker and
// the page read the files.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildSearchIndex } from "../../src/directory/search/index-file.ts";
import { LibrarySearch } from "../../src/directory/search/library-search.ts";
import { PlaceLookup } from "../../src/directory/search/place-tables.ts";
import { queryParts } from "../../src/directory/search/query-parts.ts";
import { namedDirectoryLibraries, NAMED_LIBRARIES } from "../support/search-libraries.ts";
import { PLACE_SEARCH_LIBRARIES, UNSERVED_ZIP } from "../support/place-search-libraries.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const CFG = { title: "T", base_url: "https://registry.example.org", page_size: 100 };
const files = JSON.parse(JSON.stringify(buildSearchIndex(namedDirectoryLibraries(PLACE_SEARCH_LIBRARIES), CFG)));
const index = LibrarySearch.fromFile(files.names, files.descriptions, files.places);
const names = (q: string, qa = false) => index.search(q, { qa }).map((r) => r.name);
const places = (q: string, qa = false) => index.search(q, { qa }).filter((r) => r.bucket === "place").map((r) => r.name);

test("a ZIP inside a county served by a county library finds it, after the ZIP's own library and before the state's", () => {
  // 93203 is Arvin, in Kern County
  assert.equal(names("93203"), ["Arvin Branch", "Kern County Library", "Golden State eBooks"]);
  // 93301 is downtown Bakersfield: inside the city's circle, not Arvin's
  assert.equal(names("93301"), ["Bakersfield City Library", "Kern County Library", "Golden State eBooks"]);
  assert.equal(names("93301-1234"), names("93301"));
  // without the places table, only the library naming the ZIP
  assert.equal(LibrarySearch.fromFile(files.names).search("93203", { qa: false }).map((r) => r.name), ["Arvin Branch"]);
});

test("a city inside a state finds the statewide library after the local ones", () => {
  assert.equal(names("Lawrence, KS"), ["Lawrence Public Library", "Sunflower State Library"]);
  assert.equal(names("lawrence, kansas"), ["Lawrence Public Library", "Sunflower State Library"]);
  assert.equal(names("bakersfield, ca"), ["Bakersfield City Library", "Kern County Library", "Golden State eBooks"]);
  assert.equal(names("Bakersfield,California"), names("bakersfield, ca"));
  // a town no library serves alone: the libraries serving its county and state
  assert.equal(names("Tehachapi, CA"), ["Kern County Library", "Golden State eBooks"]);
  // a town the data leaves out is still in the state it names
  assert.equal(names("Smallville, KS"), ["Sunflower State Library"]);
});

withShared(test)("the reference's lookup cases: a city, a state written out, a ZIP, New York State", () => {
  const { cases } = sharedJson<{ cases: { scope: string; name: string; expect: string | null }[] }>("coverage/place-lookup-cases.json");
  const named = (name: string) => cases.find((c) => c.name === name && c.scope === "US");
  assert.ok(named("Manhattan, Kansas") && named("New York State") && named("10018, NY"));
  // Manhattan, KS is in Kansas: the Kansas-wide library serves it
  assert.equal(names("Manhattan, Kansas"), ["Sunflower State Library"]);
  assert.equal(names("new york state library"), ["Empire State eBooks"]);
  assert.equal(queryParts("new york state library")[2], "state");
  // 10018 is in Manhattan, NY: New York State serves it, the Brooklyn area does not
  assert.equal(names("10018"), ["Empire State eBooks"]);
  assert.equal(places("10018, NY"), ["Empire State eBooks"]);
  assert.equal(places("10018, KS"), [], "not in Kansas");
});

withShared(test)("a library's own GeoJSON area (../shared/fixtures/places) holds the ZIPs and towns inside it", () => {
  assert.equal(names("11212"), ["Brooklyn Area Library", "Empire State eBooks"]);
  assert.equal(names("Brooklyn, NY"), ["Brooklyn Area Library", "Empire State eBooks"]);
  assert.equal(names("New York, NY"), ["Empire State eBooks"], "Manhattan is outside the Brooklyn polygon");
});

test("'kern county library' still finds the county's library first; a county finds the state's after it", () => {
  assert.equal(queryParts("kern county library"), ["kern county library", "kern", "county"]);
  assert.is(names("kern county library")[0], "Kern County Library");
  assert.equal(names("kern county"), ["Kern County Library", "Golden State eBooks"]);
  assert.equal(places("Kern County, CA"), ["Kern County Library", "Golden State eBooks"]);
});

test("a state finds the libraries serving all of it first", () => {
  assert.is(places("california")[0], "Golden State eBooks");
  assert.is(places("KS")[0], "Sunflower State Library");
});

test("a ZIP served by nobody finds nothing", () => {
  assert.equal(names(UNSERVED_ZIP), []);
  assert.equal(names(UNSERVED_ZIP, true), []);
  assert.equal(names("00000"), [], "not a ZIP code at all");
});

test("production only; the QA variant adds libraries in testing, ranked as the others", () => {
  assert.not.ok(names("93301").includes("Tehachapi Testing Library"));
  assert.equal(names("93301", true), ["Bakersfield City Library", "Kern County Library", "Tehachapi Testing Library", "Golden State eBooks"]);
  assert.equal(names("kern county, ca", true), ["Kern County Library", "Tehachapi Testing Library", "Golden State eBooks"]);
});

test("each bucket stays at most perBucket long, the place part included", () => {
  const hits = index.search("93301", { qa: true, perBucket: 2 });
  assert.equal(hits.map((h) => h.name), ["Bakersfield City Library", "Kern County Library"]);
});

test("a county name two states have needs its state; one only one state has does not", () => {
  const lookup = new PlaceLookup(files.places);
  assert.is(files.places.counties["orange county"], undefined);
  assert.is(files.places.counties["kern county"], "ca");
  assert.equal(lookup.containing("orange", "county"), []);
  assert.equal(lookup.containing("orange county, ca", null).length, 1, "California's");
  assert.equal(lookup.containing("kern", "county").length, 3, "the two Kern County libraries (one in testing) and the state's");
});

test("the table belongs to its index: another build's is refused with the fix", () => {
  const other = JSON.parse(JSON.stringify(buildSearchIndex(namedDirectoryLibraries(NAMED_LIBRARIES), CFG)));
  assert.throws(() => LibrarySearch.fromFile(files.names, undefined, other.places), /rebuild the directory/);
  assert.throws(() => LibrarySearch.fromFile(files.names, undefined, { ...files.places, version: 99 }), /rebuild the directory/);
});

test("the page fetches the table only for a query that may name a place", () => {
  for (const q of ["93203", "12345-6789", "Lawrence, KS", "kern county", "kern county library", "Orleans Parish", "Anchorage Municipality", "texas", "NY", "U.S. Virgin Islands", "virgin islands", "washington dc", "Washington, D.C.", "new york state library"]) {
    assert.ok(LibrarySearch.wantsPlaces(q), q);
  }
  for (const q of ["springfield", "lapl", "shelbyvile", "audiobooks for children", "bakersfield"]) assert.not.ok(LibrarySearch.wantsPlaces(q), q);
});

test("the page (which fetches the table for place queries only) and the server answer alike", () => {
  const withoutTable = LibrarySearch.fromFile(files.names, files.descriptions);
  for (const q of ["bakersfield", "kern", "golden", "sunflower state", "93203", "ks", "Tehachapi, CA", "orange", "empire", "lawrence"]) {
    const page = LibrarySearch.wantsPlaces(q) ? index : withoutTable;
    for (const qa of [false, true]) assert.equal(page.search(q, { qa }), index.search(q, { qa }), q);
  }
});

test("the page's split table (no states, then the shards a query needs) answers as the whole one", () => {
  const top = LibrarySearch.fromFile(files.names, files.descriptions, { ...files.places, shards: {} });
  const queries = ["93203", "93301", "10018, NY", "Lawrence, KS", "Smallville, KS", "kern county", "Kern County, CA", "california", "KS", "11212", "Brooklyn, NY", UNSERVED_ZIP, "Cheyenne, WY"];
  assert.equal(top.placeShardsFor("93203"), ["ca"]);
  assert.equal(top.placeShardsFor("kern county library"), ["ca"]);
  assert.equal(top.placeShardsFor("texas"), [], "a state needs no shard");
  assert.equal(top.placeShardsFor("springfield"), [], "not a place query");
  for (const q of queries) {
    for (const state of top.placeShardsFor(q)) top.addPlaceShard(state, files.places.shards[state] ?? { counties: [], points: [] });
    assert.equal(top.placeShardsFor(q), [], q);
    for (const qa of [false, true]) assert.equal(top.search(q, { qa }), index.search(q, { qa }), q);
  }
  assert.equal(Object.keys(files.places.shards).sort(), ["ca", "ks", "ny"], "only states something serves");
});

test("a directory without US areas writes an empty table, and a ZIP finds nothing in it", () => {
  const abroad = namedDirectoryLibraries([
    { slug: "toronto", title: "Toronto Public Library", service_area: { CA: ["Toronto, ON"] } },
    { slug: "world", title: "World Library", service_area: "everywhere" },
  ]);
  const built = JSON.parse(JSON.stringify(buildSearchIndex(abroad, CFG)));
  assert.equal(built.places.shards, {});
  const search = LibrarySearch.fromFile(built.names, undefined, built.places);
  assert.equal(search.search("93203", { qa: true }), []);
  assert.equal(search.search("Toronto", { qa: true }).map((r) => r.name), ["Toronto Public Library"]);
});

test.run();

// What the build publishes about places, and how `registry serve` answers with it: the entries'
// area links and schema:areaServed, the GeoJSON documents, the static nearby tiles (and the empty
// feed for a missing one), `/?_location=`, and that the tiles and `_location` agree.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory, type BuildReport } from "../../src/build/build.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import * as nearby from "../../src/server/nearby.ts";
import { NearbyIndex, resolveArea, tileOf } from "../../src/geo/index.ts";
import { PLACE_LIBRARIES, placeUuid, writePlaceLibraries } from "./place-libraries.ts";

const GEO = "application/geo+json";
const OPDS = "application/opds+json";
let dist = "";
let report: BuildReport;
let server: Server;
let base = "";

test.before(async () => {
  const work = mkdtempSync(join(tmpdir(), "places-"));
  writePlaceLibraries(work);
  const cfg = withDefaults({ title: "Places", base_url: "https://places.example" }, work, null);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  report = r.report;
  dist = cfg.out_dir;
  server = createRegistryServer({ outDir: dist });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
test.after(async () => {
  await new Promise((ok) => server.close(ok));
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await fetch(base + path, { headers });
  return { status: r.status, type: r.headers.get("content-type") ?? "", body: await r.text() };
};
const ids = (feed: { catalogs: { metadata: { id: string } }[] }) => feed.catalogs.map((c) => c.metadata.id);
const id = (i: number) => `urn:uuid:${placeUuid(i)}`;
const titleOf = new Map(PLACE_LIBRARIES.map((l) => [id(l.index), l.title]));
/** A tile's libraries, then those of the shared national/everywhere page its `next` link names. */
async function tileIds(path: string): Promise<string[]> {
  const feed = JSON.parse((await get(path)).body);
  const next = feed.links.find((l: any) => l.rel === "next");
  return [...ids(feed), ...(next ? ids(JSON.parse((await get(new URL(next.href).pathname)).body)) : [])];
}
const titles = (feed: { catalogs: { metadata: { id: string } }[] }) => ids(feed).map((x) => titleOf.get(x));

test("entries link their eligibility and focus GeoJSON and carry schema:areaServed as the reference", async () => {
  const feed = JSON.parse(readFileSync(join(dist, "feeds/libraries.json"), "utf8"));
  const entry = (i: number) => feed.catalogs.find((c: any) => c.metadata.id === id(i));
  const bpl = entry(1);
  assert.is(bpl.metadata["schema:areaServed"], "Kings County, NY");
  const links = bpl.links.filter((l: any) => l.type === GEO).map((l: any) => [l.rel, l.href]);
  assert.equal(links, [
    ["http://librarysimplified.org/rel/registry/eligibility", `https://places.example/library/${placeUuid(1)}/eligibility`],
    ["http://librarysimplified.org/rel/registry/focus", `https://places.example/library/${placeUuid(1)}/focus`],
  ]);
  assert.is(entry(5).metadata["schema:areaServed"], "Lawrence, KS");
  assert.not.ok("schema:areaServed" in entry(6).metadata, "none for everywhere");
  // several focus places: the single eligibility place, as the reference
  assert.is(entry(3).metadata["schema:areaServed"], "New York");
  assert.not.ok("schema:areaServed" in entry(12).metadata, "none without an area");
});

test("/library/{uuid}/eligibility and /focus answer GeoJSON FeatureCollections", async () => {
  const e = await get(`/library/${placeUuid(3)}/eligibility`);
  assert.is(e.status, 200);
  assert.is(e.type, GEO);
  const eligibility = JSON.parse(e.body);
  assert.is(eligibility.type, "FeatureCollection");
  assert.equal(eligibility.features.map((f: any) => f.properties.name), ["New York"]);
  assert.ok(["Polygon", "MultiPolygon"].includes(eligibility.features[0].geometry.type));
  const focus = JSON.parse((await get(`/library/${placeUuid(3)}/focus`)).body);
  assert.equal(focus.features.map((f: any) => f.properties.name), ["Bronx County, NY", "New York County, NY", "Richmond County, NY"]);
  // a city is a circle that says so
  const city = JSON.parse((await get(`/library/${placeUuid(5)}/eligibility`)).body).features[0];
  assert.is(city.properties.type, "city");
  assert.ok(city.properties.radius_km > 0);
  assert.match(city.properties.approximate, "circle");
  // no area: an empty collection
  assert.equal(JSON.parse((await get(`/library/${placeUuid(12)}/eligibility`)).body).features, []);
});

test("the build report lists each library's unresolved names with candidates", () => {
  const springfield = report.libraries.find((l) => l.id === id(10))!;
  assert.equal(springfield.unresolved_places?.map((u) => [u.member, u.name, u.status]), [
    ["service_area", "US: Springfield", "ambiguous"],
    ["service_area", "US: Nowheresville", "unknown"],
  ]);
  assert.ok(springfield.unresolved_places![0].candidates.includes("Springfield, MA"));
  assert.ok(springfield.feeds.includes("production"), "still listed");
  assert.not.ok(report.libraries.find((l) => l.id === id(1))!.unresolved_places);
});

const BROOKLYN = { lat: 40.6782, lon: -73.9442 };

test("/?_location= in Brooklyn: Kings County before New York State, never Kansas; everywhere last", async () => {
  const r = await get(`/?_location=${BROOKLYN.lat},${BROOKLYN.lon}`);
  assert.is(r.status, 200);
  assert.is(r.type, OPDS);
  const feed = JSON.parse(r.body);
  assert.ok(Array.isArray(feed.navigation), "the root catalog, with catalogs added");
  const t = titles(feed);
  assert.ok(t.indexOf("Brooklyn Public Library") >= 0 && t.indexOf("Brooklyn Public Library") < t.indexOf("New York State Library"), t.join(" | "));
  assert.not.ok(t.includes("Kansas State Library") || t.includes("Lawrence Public Library"));
  assert.not.ok(t.includes("Testing Library of Brooklyn"), "production only");
  assert.equal(t.slice(-2), ["United States Digital Library", "Global Online Library"]);
  const queens = feed.catalogs.find((c: any) => c.metadata.id === id(7));
  assert.match(queens.metadata["schema:distance"], /^\d+ km\.$/);
  assert.is(queens.metadata.distance, queens.metadata["schema:distance"]);
  const bpl = feed.catalogs.find((c: any) => c.metadata.id === id(1));
  assert.is(bpl.metadata["schema:distance"], "0 km.");
  assert.not.ok("schema:distance" in feed.catalogs.find((c: any) => c.metadata.id === id(6)).metadata, "no distance for everywhere");
  // the QA variant beside it
  assert.ok(titles(JSON.parse((await get(`/qa?_location=${BROOKLYN.lat},${BROOKLYN.lon}`)).body)).includes("Testing Library of Brooklyn"));
});

test("a tile lists its local libraries; the national and everywhere ones follow on a shared next page", async () => {
  const tile = JSON.parse((await get("/nearby/40/-74.json")).body);
  const t = titles(tile);
  assert.ok(t.includes("Brooklyn Public Library") && t.includes("New York State Library"));
  assert.not.ok(t.includes("Global Online Library") || t.includes("United States Digital Library"));
  const next = tile.links.find((l: any) => l.rel === "next");
  assert.match(next.href, /^https:\/\/places\.example\/nearby\/wide\/[0-9a-f]{16}\.json$/);
  const wide = JSON.parse((await get(new URL(next.href).pathname)).body);
  assert.equal(titles(wide), ["United States Digital Library", "Global Online Library"]);
  const kansas = JSON.parse((await get("/nearby/38/-96.json")).body);
  assert.is(kansas.links.find((l: any) => l.rel === "next").href, next.href, "one page shared by every tile");
});

test("/?_location= reads each library's entry once per build: a second answer reads no file and is the same", async () => {
  const first = await get(`/?_location=${BROOKLYN.lat},${BROOKLYN.lon}`);
  const reads = nearby.nearbyEntryReads;
  const again = await get(`/?_location=${BROOKLYN.lat},${BROOKLYN.lon}`);
  assert.is(nearby.nearbyEntryReads, reads, "no file read again");
  assert.is(again.body, first.body);
  // a point nearby shares most of its libraries: only the ones not read yet are read
  await get(`/?_location=${BROOKLYN.lat + 0.05},${BROOKLYN.lon}`);
  assert.ok(nearby.nearbyEntryReads - reads < JSON.parse(first.body).catalogs.length);
});

test("a point in the ocean: an empty but valid feed, from _location and from the static index", async () => {
  const ocean = JSON.parse((await get("/?_location=35,-40")).body);
  assert.equal(ocean.catalogs, []);
  assert.ok(ocean.metadata.title && Array.isArray(ocean.links));
  assert.not.ok(existsSync(join(dist, "nearby/35/-40.json")), "no tile for the open sea");
  const tile = await get("/nearby/35/-40.json");
  assert.is(tile.status, 200);
  assert.is(tile.type, OPDS);
  const feed = JSON.parse(tile.body);
  assert.equal(feed.catalogs, []);
  assert.is(feed.metadata.title, "Libraries near you");
});

test("/coverage?coverage= answers GeoJSON for a service_area, with unknown, ambiguous and candidates", async () => {
  const value = JSON.stringify({ US: ["Kings County, NY", "11212", "Springfield", "Nowheresville"] });
  const r = await get(`/coverage?coverage=${encodeURIComponent(value)}`);
  assert.is(r.status, 200);
  assert.is(r.type, GEO);
  const doc = JSON.parse(r.body);
  assert.is(doc.type, "FeatureCollection");
  assert.equal(doc.features.map((f: any) => f.properties.name), ["Kings County, NY", "11212"]);
  assert.equal(doc.unknown, { US: ["Nowheresville"] });
  assert.equal(doc.ambiguous, { US: ["Springfield"] });
  assert.ok(doc.unresolved.find((u: any) => u.name === "US: Springfield").candidates.includes("Springfield, IL"));
  // a bare name, not JSON, as the reference reads it
  const bare = JSON.parse((await get(`/coverage?coverage=${encodeURIComponent("Lawrence, KS")}`)).body);
  assert.equal([bare.features[0].properties.name, bare.unknown, bare.ambiguous], ["Lawrence, KS", null, null]);
  const missing = await get("/coverage");
  assert.is(missing.status, 400);
  assert.match(missing.type, /problem\+json/);
});

test("a malformed _location is a problem detail", async () => {
  for (const bad of ["abc", "40.6", "91,0", "40,-200", "1,2,3"]) {
    const r = await get(`/?_location=${encodeURIComponent(bad)}`);
    assert.is(r.status, 400, bad);
    assert.match(r.type, /problem\+json/);
    assert.match(JSON.parse(r.body).detail, "_location");
  }
});

test("the static index and _location agree on a grid of points; both match an independent ranking", async () => {
  const expected = new NearbyIndex(
    PLACE_LIBRARIES.filter((l) => (l.stage ?? "production") === "production" && l.index !== 10).map((l) => {
      const s = resolveArea(l.service_area);
      const f = resolveArea(l.focus_area);
      return { key: id(l.index), service: s.places, focus: f.noInformation ? s.places : f.places };
    }).concat([{ key: id(10), service: resolveArea({ US: ["Springfield, IL"] }).places, focus: resolveArea({ US: ["Springfield, IL"] }).places }])
      .sort((a, b) => titleOf.get(a.key)!.localeCompare(titleOf.get(b.key)!)),
  );
  let points = 0;
  let nonEmpty = 0;
  for (let lat = 37.3; lat < 42.5; lat += 0.7) {
    for (let lon = -99.6; lon < -72; lon += 1.9) {
      const here = JSON.parse((await get(`/?_location=${lat.toFixed(2)},${lon.toFixed(2)}`)).body);
      const want = expected.near([Number(lon.toFixed(2)), Number(lat.toFixed(2))]).map((h) => h.key);
      assert.equal(ids(here), want, `${lat},${lon}`);
      const t = tileOf(lat, lon);
      const tile = await tileIds(`/nearby/${t.lat}/${t.lon}.json`);
      for (const x of ids(here)) assert.ok(tile.includes(x), `${titleOf.get(x)} at ${lat},${lon} is in tile ${t.lat}/${t.lon}`);
      if (ids(here).length) nonEmpty++;
      points++;
    }
  }
  assert.ok(points > 100 && nonEmpty > 20, `${points} points, ${nonEmpty} with libraries`);
  // at a tile's centre, the same order
  for (const [lat, lon] of [[40, -74], [38, -96], [42, -74], [39, -96]]) {
    const here = ids(JSON.parse((await get(`/?_location=${lat + 0.5},${lon + 0.5}`)).body));
    const tile = await tileIds(`/nearby/${lat}/${lon}.json`);
    assert.ok(here.length > 0);
    assert.equal(tile.filter((x) => here.includes(x)), here, `${lat}/${lon}`);
  }
});

test("_location leaves out a library whose file went (a rebuild under way) instead of failing, and lists descriptions as the feeds do", async () => {
  const { renameSync, utimesSync } = await import("node:fs");
  const first = await get("/?_location=40.68,-73.94");
  assert.is(first.status, 200);
  const before = ids(JSON.parse(first.body));
  assert.ok(before.length >= 2, before.join(", "));
  for (const c of JSON.parse(first.body).catalogs) if (c.metadata.description) assert.ok(c.metadata.description.length <= 160);
  const file = join(dist, "feeds", "library", `${before[0].replace("urn:uuid:", "")}.json`);
  renameSync(file, `${file}.away`);
  // what serve sees of a rebuild: another places index (entries are kept per build), and a file gone
  const index = join(dist, "places", "index.json");
  const later = new Date(Date.now() + 5_000);
  utimesSync(index, later, later);
  try {
    const r = await get("/?_location=40.68,-73.94");
    assert.is(r.status, 200);
    assert.equal(ids(JSON.parse(r.body)), before.slice(1));
  } finally {
    renameSync(`${file}.away`, file);
  }
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { resolvePlace, resolveArea, parseLocation } from "../../src/geo/index.ts";

const place = (name: string, within?: string) => {
  const r = resolvePlace(name, within ? { within } : {});
  assert.is(r.status, "resolved", `${name}: ${r.status === "resolved" ? "" : r.reason}`);
  return r.status === "resolved" ? r.place : undefined!;
};

test("a ZIP and a ZIP+4 resolve to a point with a stated radius", () => {
  const zip = place("11212");
  assert.is(zip.kind, "postal_code");
  assert.ok(zip.radiusKm! >= 1 && zip.radiusKm! <= 15);
  assert.ok(Math.abs(zip.center![1] - 40.66) < 0.05 && Math.abs(zip.center![0] + 73.91) < 0.05);
  assert.is(place("11212-1234").id, zip.id);
  assert.is(resolvePlace("00000").status, "unknown");
});

test('"City, ST" resolves to a city point with a radius, by abbreviation or state name', () => {
  const c = place("Lawrence, KS");
  assert.equal([c.kind, c.name, c.state], ["city", "Lawrence, KS", "KS"]);
  assert.ok(c.radiusKm! > 2 && c.radiusKm! < 10);
  assert.is(place("lawrence, kansas").id, c.id, "case-insensitive, state by name");
  assert.is(place("Lawrence, MA").state, "MA");
});

test("a county needs its word and its state; parishes and independent cities too", () => {
  assert.equal([place("Kings County, NY").id, place("Kings County, NY").kind], ["US-36047", "county"]);
  assert.is(place("Broward County, FL").id, "US-12011");
  assert.is(place("Orleans Parish, LA").id, "US-22071");
  assert.is(place("Baltimore County, MD").id, "US-24005");
  assert.is(place("Baltimore city, MD").id, "US-24510");
  const bare = resolvePlace("Kings County");
  assert.is(bare.status, "ambiguous");
  assert.ok(bare.status !== "resolved" && bare.candidates.some((c) => c.name === "Kings County, NY"));
  assert.is(resolvePlace("Kings, NY").status, "unknown", "a county without its word is not a city");
});

test("a state by abbreviation, name or '<name> State'; a country by code or name", () => {
  for (const n of ["NY", "ny", "New York", "New York State"]) assert.is(place(n).id, "US-36", n);
  assert.is(place("Puerto Rico").id, "US-72");
  assert.equal([place("France").id, place("France").kind], ["FR", "nation"]);
  assert.is(place("FR").id, "FR");
  assert.is(place("Canada").id, "CA");
  assert.is(place("CA").id, "US-06", "bare CA is California: the default nation first, as the reference");
  assert.is(place("Toronto", "CA").name, "Toronto");
  assert.is(place("Toronto, ON", "CA").nation, "CA");
});

test("an unknown name warns with candidates; an ambiguous one lists them", () => {
  const typo = resolvePlace("Springfeld, IL");
  assert.is(typo.status, "unknown");
  assert.ok(typo.status !== "resolved" && typo.candidates.some((c) => c.name === "Springfield, IL"));
  const springfield = resolvePlace("Springfield");
  assert.is(springfield.status, "ambiguous");
  const names = springfield.status !== "resolved" ? springfield.candidates.map((c) => c.name) : [];
  for (const n of ["Springfield, IL", "Springfield, MA", "Springfield, MO"]) assert.ok(names.includes(n), n);
  const area = resolveArea({ US: ["NY", "Springfield", "Nowheresville"] });
  assert.equal(area.places.map((p) => p.id), ["US-36"]);
  assert.equal(area.unresolved.map((u) => [u.name, u.status]), [["US: Springfield", "ambiguous"], ["US: Nowheresville", "unknown"]]);
});

test("a GeoJSON Feature and FeatureCollection are areas; bad coordinates and lines are warnings", () => {
  const square = { type: "Polygon", coordinates: [[[-74, 40], [-73, 40], [-73, 41], [-74, 41], [-74, 40]]] };
  const f = resolveArea({ type: "Feature", properties: { name: "My district" }, geometry: square });
  assert.equal(f.places.map((p) => [p.kind, p.name]), [["geojson", "My district"]]);
  assert.is(resolveArea({ type: "FeatureCollection", features: [{ type: "Feature", geometry: square, properties: {} }] }).places.length, 1);
  assert.match(resolveArea({ type: "Polygon", coordinates: [[[-74, 40], [-73, 400], [-73, 41], [-74, 40]]] }).unresolved[0].reason, "outside");
  assert.match(resolveArea({ type: "LineString", coordinates: [[0, 0], [1, 1]] }).unresolved[0].reason, "no area");
  assert.match(resolveArea({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }).unresolved[0].reason, "end where it starts");
});

test("an empty list is no information, not everywhere; 'everywhere' inside a nation is the nation", () => {
  assert.ok(resolveArea([]).noInformation);
  assert.ok(resolveArea({ US: [] }).noInformation);
  assert.ok(resolveArea(undefined).noInformation);
  assert.equal(resolveArea({ US: ["NY", "everywhere"] }).places.map((p) => p.id), ["US-36", "US"]);
  assert.equal(resolveArea("everywhere").places.map((p) => p.kind), ["everywhere"]);
});

test("_location: LAT,LON numbers in range, else a reason", () => {
  assert.equal(parseLocation("40.65,-73.95"), { lat: 40.65, lon: -73.95 });
  assert.equal(parseLocation(" -33.9 , 151.2 "), { lat: -33.9, lon: 151.2 });
  for (const bad of ["", "40.65", "40.65,-73.95,1", "abc,def", "91,0", "0,181", "1e3,2", "0x10,1", "NaN,1"]) {
    assert.type(parseLocation(bad), "string", bad);
  }
});

test.run();

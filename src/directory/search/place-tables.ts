// "A ZIP finds the libraries serving it": the tables the build writes (dist/search/places.json,
// made by place-containment.ts) and the lookup that reads them. A query naming a US ZIP code, a
// "City, ST", a county or a state finds the libraries whose service or focus area contains that
// place, the most local area first (a ZIP's or a city's library, then the county's, the state's,
// the nation's), ties in title order. Pure and small: the server, the Cloudflare worker and the
// web page all run it, with no gazetteer.
import type { PlaceType } from "./query-parts.ts";

export const PLACE_TABLES_VERSION = 1;

/** One US county: every ZIP code and city lies in one (the one holding its point). */
export type CountyRow = [
  /** "kern county", "orleans parish", "baltimore city" (lower case, no state) */
  name: string,
  /** its state's key ("ca") */
  state: string,
  /** the listed libraries' areas holding the whole county: its own, a GeoJSON area */
  areas: number[],
  /** the ZIP codes whose centroid lies in it, as numbers: the first, then the differences */
  zips: number[],
  /** cities whose point lies in it, "|"-separated, lower case without the state */
  cities: string,
];

export interface PlaceTables {
  version: typeof PLACE_TABLES_VERSION;
  /** Rows of the search index these tables were made for (the two files are one build's). */
  rows: number;
  /**
   * The listed libraries' areas, smallest first (a ZIP's, a city's, a county's, a state's, the
   * nation's), each the search index rows naming it (first, then differences).
   */
  areas: number[][];
  /** How a state may be written ("california", "ca", "virgin islands") → its key ("ca"). */
  states: Record<string, string>;
  /** State key → the areas holding the whole state: its own, a GeoJSON area, the nation. */
  stateAreas: Record<string, number[]>;
  /** Counties that hold a ZIP code or city kept, or whose state or themselves a library serves. */
  counties: CountyRow[];
  /** County names several states have ("washington county"), "|"-separated: never read alone. */
  ambiguous: string;
  /**
   * The areas drawn around a point (a city's or a ZIP code's circle) and GeoJSON areas, with the
   * ZIP codes (first, then differences) and cities (positions in the order the counties list
   * them; first, then differences) whose point they contain.
   */
  points: [area: number, zips: number[], cities: number[]][];
}

/** The form of a place name in the tables: as normalizeQuery leaves it, without dots or apostrophes. */
export function placeKey(normalized: string): string {
  // split, not a regular expression around the comma: /\s*,\s*/ backtracks on a run of spaces
  return normalized
    .replace(/[.'’]/g, "")
    .split(",")
    .map((part) => part.trim().replace(/\s+/g, " "))
    .join(", ");
}

const undelta = (xs: readonly number[]) => {
  let v = 0;
  return xs.map((d) => (v += d));
};

export class PlaceLookup {
  /** ZIP → county */
  readonly #zipCounty = new Map<number, number>();
  /** "bakersfield, ca" → [county, city number] */
  readonly #cities = new Map<string, [number, number]>();
  /** "kern county, ca", and "kern county" where one state has it → county */
  readonly #counties = new Map<string, number>();
  readonly #zipAreas = new Map<number, number[]>();
  readonly #cityAreas = new Map<number, number[]>();

  constructor(private readonly tables: PlaceTables) {
    if (!tables || tables.version !== PLACE_TABLES_VERSION) throw new Error(`not a places table of version ${PLACE_TABLES_VERSION}: rebuild the directory`);
    const bare = new Map<string, number>(tables.ambiguous.split("|").map((name) => [name, -1]));
    let city = 0;
    tables.counties.forEach(([name, state, , zips, cities], c) => {
      for (const zip of undelta(zips)) this.#zipCounty.set(zip, c);
      if (cities) for (const n of cities.split("|")) this.#cities.set(`${n}, ${state}`, [c, city++]);
      this.#counties.set(`${name}, ${state}`, c);
      bare.set(name, bare.has(name) ? -1 : c);
    });
    for (const [name, c] of bare) if (c >= 0 && !this.#counties.has(name)) this.#counties.set(name, c);
    const add = (map: Map<number, number[]>, key: number, area: number) => {
      const list = map.get(key);
      if (list) list.push(area);
      else map.set(key, [area]);
    };
    for (const [area, zips, cities] of tables.points) {
      for (const zip of undelta(zips)) add(this.#zipAreas, zip, area);
      for (const c of undelta(cities)) add(this.#cityAreas, c, area);
    }
  }

  /** Rows (search index positions) of the libraries serving the place, most local area first. */
  containing(place: string, type: PlaceType): number[] {
    return [...this.serving(place, type)];
  }

  /** The same, one at a time: a caller wanting ten stops there (a ZIP may have hundreds). */
  *serving(place: string, type: PlaceType): Generator<number> {
    const areas = this.#areasOf(place, type);
    // areas come smallest first: each library ranks by the smallest of its areas holding the
    // place, libraries of one area in title order (the rows' order)
    const seen = new Set<number>();
    for (const area of [...new Set(areas)].sort((a, b) => a - b)) {
      let row = 0;
      for (const d of this.tables.areas[area] ?? []) {
        row += d;
        if (!seen.has(row)) {
          seen.add(row);
          yield row;
        }
      }
    }
  }

  #county(c: number | undefined): number[] {
    const row = c === undefined ? undefined : this.tables.counties[c];
    return row ? [...row[2], ...(this.tables.stateAreas[row[1]] ?? [])] : [];
  }

  #zip(code: string, state?: string): number[] {
    if (!/^\d{5}$/.test(code)) return [];
    const zip = Number(code);
    const county = this.#zipCounty.get(zip);
    // "10018, NY": the ZIP code, if it is in that state
    if (county === undefined || (state !== undefined && this.tables.counties[county]?.[1] !== state)) return [];
    return [...this.#county(county), ...(this.#zipAreas.get(zip) ?? [])];
  }

  #areasOf(place: string, type: PlaceType): number[] {
    if (type === "postal_code") return this.#zip(place);
    let text = placeKey(place);
    if (type === "county") text += " county";
    const comma = text.lastIndexOf(",");
    if (comma >= 0) {
      const state = this.tables.states[text.slice(comma + 1).trim()];
      const head = text.slice(0, comma).trim();
      if (!state || !head) return [];
      const zip = /^(\d{5})(?:-\d{4})?$/.exec(head);
      if (zip) return this.#zip(zip[1], state);
      const key = `${head}, ${state}`;
      const county = this.#counties.get(key);
      if (county !== undefined) return this.#county(county);
      const city = this.#cities.get(key);
      if (city) return [...this.#county(city[0]), ...(this.#cityAreas.get(city[1]) ?? [])];
      // a town the tables leave out (no library serves less than its whole state) is still in
      // the state it names: "Lawrence, KS" finds the Kansas-wide libraries
      return this.tables.stateAreas[state] ?? [];
    }
    const state = type === "county" ? undefined : this.tables.states[text];
    if (state) return this.tables.stateAreas[state] ?? [];
    return this.#county(this.#counties.get(text));
  }
}

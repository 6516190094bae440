// "A ZIP finds the libraries serving it": the tables the build writes (dist/search/places.json,
// made by place-containment.ts) and the lookup that reads them. A query naming a US ZIP code, a
// "City, ST", a county or a state finds the libraries whose service or focus area contains that
// place, the most local area first (a ZIP's or a city's library, then the county's, the state's,
// the nation's), ties in title order. Pure and small: the server, the Cloudflare worker and the
// web page all run it, with no gazetteer.
import type { PlaceType } from "./query-parts.ts";

export const PLACE_TABLES_VERSION = 2;

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

/** What one state holds: the part of the tables the web page fetches for a query in that state. */
export interface PlaceShard {
  /** Its counties that hold a ZIP code or city kept, or that a library serves (or their state). */
  counties: CountyRow[];
  /**
   * The areas drawn around a point (a city's or a ZIP code's circle) and GeoJSON areas, with this
   * state's ZIP codes (first, then differences) and cities (positions in the order its counties
   * list them; first, then differences) whose point they contain.
   */
  points: [area: number, zips: number[], cities: number[]][];
}

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
  /** A county name only one state has ("kern county") → that state's key. */
  counties: Record<string, string>;
  /** The first three digits of a ZIP code kept → the states of its ZIP codes, "|"-separated. */
  zip3: Record<string, string>;
  /**
   * By state key. `search/places.json` (serve, the worker) has them all; the page's
   * `search/places/index.json` has none and fetches `search/places/{state}.json` as needed.
   */
  shards: Record<string, PlaceShard>;
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

interface Held {
  county: CountyRow;
  /** circles and GeoJSON areas holding its point */
  areas: number[];
}

export class PlaceLookup {
  readonly #zips = new Map<number, Held>();
  /** "bakersfield, ca" */
  readonly #cities = new Map<string, Held>();
  /** "kern county, ca" */
  readonly #counties = new Map<string, CountyRow>();
  readonly #shards = new Set<string>();

  constructor(private readonly tables: PlaceTables) {
    if (!tables || tables.version !== PLACE_TABLES_VERSION) throw new Error(`not a places table of version ${PLACE_TABLES_VERSION}: rebuild the directory`);
    for (const [state, shard] of Object.entries(tables.shards ?? {})) this.addShard(state, shard);
  }

  /** A state's shard, fetched by the web page (an absent file: `{counties: [], points: []}`). */
  addShard(state: string, shard: PlaceShard): void {
    if (this.#shards.has(state)) return;
    this.#shards.add(state);
    const cities: Held[] = [];
    for (const county of shard.counties) {
      for (const zip of undelta(county[3])) this.#zips.set(zip, { county, areas: [] });
      if (county[4]) {
        for (const name of county[4].split("|")) {
          const held = { county, areas: [] };
          cities.push(held);
          this.#cities.set(`${name}, ${state}`, held);
        }
      }
      this.#counties.set(`${county[0]}, ${state}`, county);
    }
    for (const [area, zips, around] of shard.points) {
      for (const zip of undelta(zips)) this.#zips.get(zip)?.areas.push(area);
      for (const c of undelta(around)) cities[c]?.areas.push(area);
    }
  }

  hasShard(state: string): boolean {
    return this.#shards.has(state);
  }

  /** The states whose shards a query needs (a ZIP code's by its first three digits). */
  shardsFor(place: string, type: PlaceType): string[] {
    if (type === "postal_code") return /^\d{5}$/.test(place) ? (this.tables.zip3[place.slice(0, 3)]?.split("|") ?? []) : [];
    const text = placeKey(place) + (type === "county" ? " county" : "");
    const comma = text.lastIndexOf(",");
    const state = comma >= 0 ? this.tables.states[text.slice(comma + 1).trim()] : this.tables.counties[text];
    return state ? [state] : [];
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

  #county(row: CountyRow | undefined): number[] {
    return row ? [...row[2], ...(this.tables.stateAreas[row[1]] ?? [])] : [];
  }

  #held(held: Held | undefined): number[] {
    return held ? [...this.#county(held.county), ...held.areas] : [];
  }

  #zip(code: string, state?: string): number[] {
    if (!/^\d{5}$/.test(code)) return [];
    const held = this.#zips.get(Number(code));
    // "10018, NY": the ZIP code, if it is in that state
    return held && (state === undefined || held.county[1] === state) ? this.#held(held) : [];
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
      if (county) return this.#county(county);
      const city = this.#cities.get(key);
      if (city) return this.#held(city);
      // a town the tables leave out (no library serves less than its whole state) is still in
      // the state it names: "Lawrence, KS" finds the Kansas-wide libraries
      return this.tables.stateAreas[state] ?? [];
    }
    const state = type === "county" ? undefined : this.tables.states[text];
    if (state) return this.tables.stateAreas[state] ?? [];
    const countyState = this.tables.counties[text];
    return countyState ? this.#county(this.#counties.get(`${text}, ${countyState}`)) : [];
  }
}

// Place names → places. Names split on commas with the largest place last ("Brooklyn, NY":
// NY first, then Brooklyn inside it), as the reference registries do, but case-insensitive, and
// an unknown or ambiguous name comes back with its candidates instead of failing.
//
// Inside the US: a ZIP or ZIP+4; a state by USPS abbreviation, name or "<name> State"; a county
// only as "<name> County, ST" (or Parish, Borough, Census Area, Municipality, "<name> city" for
// independent cities); a city as "City, ST" (a bare city name resolves only when one US city has
// it). Elsewhere: the nation itself, and its cities by name (a bare name resolves to the most
// populous city of that name when it has ten times the people of the next).
import { EVERYWHERE, type Place } from "./place.ts";
import { findState, usCounties, usStates, type CountyRecord, type StateRecord } from "./us-atlas.ts";
import { findZip, zipState } from "./us-zips.ts";
import { cityPlace, cityTable, findCities, similarCityRows } from "./cities.ts";
import { findNationByCode, findNationByName } from "./countries.ts";
import { findProvince } from "./provinces.ts";

export type Resolution =
  | { status: "resolved"; input: string; place: Place }
  | { status: "ambiguous" | "unknown"; input: string; reason: string; candidates: Place[] };

type Outcome = { place: Place } | { status: "ambiguous" | "unknown"; reason: string; candidates: Place[] };

export interface ResolveOptions {
  /** Where to look: "everywhere" (default), a nation code ("US"), or a place already resolved. */
  within?: string | Place;
  /** The nation of bare names looked up "everywhere" (default "US"). */
  defaultNation?: string;
}

const MAX_NAME = 200;
const MAX_CANDIDATES = 8;

export function normalizeName(s: string): string {
  return s.trim().replace(/\s+/g, " ");
}

export function resolvePlace(name: string, opts: ResolveOptions = {}): Resolution {
  const input = typeof name === "string" ? name : String(name);
  if (input.length > MAX_NAME) return { status: "unknown", input, reason: `a place name is at most ${MAX_NAME} characters`, candidates: [] };
  const scope = scopeOf(opts.within ?? "everywhere");
  if (!scope) return { status: "unknown", input, reason: `"${String(opts.within)}" is not a nation code`, candidates: [] };
  const out = resolveIn(normalizeName(input), scope, (opts.defaultNation ?? "US").toUpperCase());
  return "place" in out ? { status: "resolved", input, place: out.place } : { ...out, input, candidates: out.candidates.slice(0, MAX_CANDIDATES) };
}

function scopeOf(within: string | Place): Place | undefined {
  if (typeof within !== "string") return within;
  if (within.toLowerCase() === "everywhere") return EVERYWHERE;
  return findNationByCode(within);
}

function resolveIn(text: string, scope: Place, dflt: string): Outcome {
  const parts = text.split(",").map(normalizeName).filter(Boolean);
  if (parts.length === 0) return unknown("the name is empty");
  if (parts.length === 1) return single(parts[0], scope, dflt);
  const last = parts[parts.length - 1];
  const container = resolveIn(last, scope, dflt);
  if (!("place" in container)) return { ...container, reason: `"${last}": ${container.reason}` };
  return resolveIn(parts.slice(0, -1).join(", "), container.place, dflt);
}

const unknown = (reason: string, candidates: Place[] = []): Outcome => ({ status: "unknown", reason, candidates });
const ambiguous = (reason: string, candidates: Place[]): Outcome => ({ status: "ambiguous", reason, candidates });

function single(term: string, scope: Place, dflt: string): Outcome {
  switch (scope.kind) {
    case "everywhere": {
      if (term.toLowerCase() === "everywhere") return { place: EVERYWHERE };
      const nationByCode = /^[A-Za-z]{2}$/.test(term) ? findNationByCode(term) : undefined;
      const home = findNationByCode(dflt);
      const inHome = home ? single(term, home, dflt) : unknown("no default nation");
      if ("place" in inHome) return inHome;
      const nation = nationByCode ?? findNationByName(term);
      if (nation) return { place: nation };
      // "Toronto, ON": a Canadian province when the default nation has no such state
      const province = findProvince("CA", term);
      if (province) return { place: province };
      return inHome;
    }
    case "nation":
      return scope.id === "US" ? inUS(term) : inNation(term, scope);
    case "state":
      return scope.nation === "US" ? inUSState(term, scope) : inProvince(term, scope);
    default:
      return unknown(`nothing is looked up inside ${scope.name} (a ${scope.kind})`);
  }
}

// One whitespace then the suffix at the end: a lazy `(.+?)\s+` prefix would backtrack quadratically.
const COUNTY_SUFFIX = /\s(county|parish|borough|city and borough|census area|municipality|city)$/i;

/** "Cook County" → ["Cook County", "Cook", "County"], like a RegExp match of name and suffix. */
function countyParts(term: string): [string, string, string] | null {
  const m = COUNTY_SUFFIX.exec(term);
  if (!m) return null;
  const name = term.slice(0, m.index).trimEnd();
  return name ? [term, name, m[1]] : null;
}

function inUS(term: string): Outcome {
  const lower = term.toLowerCase();
  if (lower === "everywhere") return { place: findNationByCode("US")! };
  if (/^\d{5}(?:-\d{4})?$/.test(term)) {
    const zip = findZip(term);
    return zip ? { place: zip } : unknown(`ZIP code ${term.slice(0, 5)} is not in the ZIP code data`);
  }
  const state = findState(term);
  if (state) return { place: state.place };
  const county = countyParts(term);
  if (county && !/ city$/i.test(term)) {
    const found = usCounties().byName.get(county[1].toLowerCase()) ?? [];
    const list = found.filter((c) => !c.independentCity).map((c) => c.place);
    if (list.length) return ambiguous(`a county needs its state, e.g. "${list[0].name}"`, list);
    return unknown(`no US county is called "${county[1]}"`);
  }
  const rows = findCities(term, "US");
  const states = new Set(rows.map((i) => cityTable().admin[i]));
  if (states.size === 1) return { place: cityPlace(rows[0]) };
  if (rows.length) {
    const seen = new Set<string>();
    const list = rows.filter((i) => !seen.has(cityTable().admin[i]) && seen.add(cityTable().admin[i])).map(cityPlace);
    return ambiguous(`${states.size} US states have a place called "${term}"; add the state, e.g. "${list[0].name}"`, list);
  }
  const similar = [
    ...usStates().all.filter((s) => editDistance(s.name.toLowerCase(), lower) <= 2).map((s) => s.place),
    ...similarCityRows(term, "US", undefined, editDistance).map(cityPlace),
  ];
  return unknown(`no US state, ZIP code or city is called "${term}"`, similar);
}

function inUSState(term: string, scope: Place): Outcome {
  const state = [...usStates().all].find((s) => s.usps === scope.state) as StateRecord;
  if (/^\d{5}(?:-\d{4})?$/.test(term)) {
    const zip = findZip(term);
    if (!zip) return unknown(`ZIP code ${term.slice(0, 5)} is not in the ZIP code data`);
    const where = zipState(zip);
    return where === state.usps ? { place: zip } : unknown(`ZIP code ${zip.name} is in ${where ?? "no state"}, not in ${state.usps}`, [zip]);
  }
  const county = countyParts(term);
  const counties = (name: string) => (usCounties().byName.get(name.toLowerCase()) ?? []).filter((c) => c.state.usps === state.usps);
  if (county) {
    const wantCity = county[2].toLowerCase() === "city";
    const match = counties(county[1]).find((c: CountyRecord) => c.independentCity === wantCity);
    if (match) return { place: match.place };
    if (!wantCity) {
      const similar = [...usCounties().byFips.values()]
        .filter((c) => c.state.usps === state.usps && !c.independentCity && editDistance(c.name.toLowerCase(), county[1].toLowerCase()) <= 2)
        .map((c) => c.place);
      return unknown(`${state.name} has no county called "${county[1]}"`, similar);
    }
  }
  let rows = findCities(term, "US", state.usps);
  // "New York, NY" is New York City (GeoNames' name), as in the reference's gazetteer
  if (!rows.length && !/ city$/i.test(term)) rows = findCities(`${term} City`, "US", state.usps);
  if (rows.length) return { place: cityPlace(rows[0]) };
  if (findState(term)) return unknown(`"${term}" is a state, not a place inside ${state.name}`);
  const byCounty = counties(term).filter((c) => !c.independentCity).map((c) => c.place);
  const similar = [...byCounty, ...similarCityRows(term, "US", state.usps, editDistance).map(cityPlace)];
  return unknown(`no city called "${term}" in ${state.name}${byCounty.length ? ` (counties need the word "County")` : ""}`, similar);
}

function inNation(term: string, nation: Place): Outcome {
  const lower = term.toLowerCase();
  if (lower === "everywhere") return { place: nation };
  const province = findProvince(nation.id, term);
  if (province) return { place: province };
  const rows = findCities(term, nation.id);
  if (rows.length === 0) {
    return unknown(`no city called "${term}" in ${nation.name}`, similarCityRows(term, nation.id, undefined, editDistance).map(cityPlace));
  }
  const t = cityTable();
  if (rows.length === 1 || t.population[rows[0]] >= 10 * t.population[rows[1]]) return { place: cityPlace(rows[0]) };
  return ambiguous(`${rows.length} places in ${nation.name} are called "${term}"`, rows.map(cityPlace));
}

function inProvince(term: string, province: Place): Outcome {
  const rows = findCities(term, province.nation!, province.state);
  if (rows.length) return { place: cityPlace(rows[0]) };
  return unknown(`no city called "${term}" in ${province.name}`, similarCityRows(term, province.nation!, province.state, editDistance).map(cityPlace));
}

/** Levenshtein distance, stopping early past 3 (only small distances matter for suggestions). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 4;
  let prev = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > 3) return 4;
    prev = cur;
  }
  return prev[b.length];
}

// The place names a library's service and focus areas give, as searchable text. An area in an
// Authentication for OPDS document is "everywhere", a list of place names, or an object from
// country code to "everywhere" or a list ({"US": ["Springfield, IL", "Kern County, CA", "93203"]}).
// Anything else is ignored here: a library publishes what it likes, search must not fail on it.
import { US_STATES } from "./us-states.ts";

export interface AreaNames {
  /** Place names as text, state abbreviations also spelt out ("springfield, il illinois"). */
  names: string[];
  /** 5-digit ZIP codes named directly. */
  zips: string[];
}

const ZIP = /^(\d{5})(?:-\d{4})?$/;
const MAX_PLACES = 2000;
const MAX_NAME = 120;

export function areaNames(...areas: unknown[]): AreaNames {
  const names = new Set<string>();
  const zips = new Set<string>();
  const add = (raw: unknown, country?: string) => {
    if (typeof raw !== "string" || names.size + zips.size >= MAX_PLACES) return;
    const text = raw.trim().slice(0, MAX_NAME);
    if (!text || text.toLowerCase() === "everywhere") return;
    const zip = ZIP.exec(text);
    if (zip) {
      zips.add(zip[1]);
      return;
    }
    const state = /,\s*([A-Za-z]{2})$/.exec(text)?.[1]?.toUpperCase();
    const spelt = state && (country === undefined || country === "US") ? US_STATES[state] : undefined;
    const whole = !state && text.length === 2 ? US_STATES[text.toUpperCase()] : undefined;
    names.add([text, spelt ?? whole].filter(Boolean).join(" "));
  };
  for (const area of areas) {
    if (Array.isArray(area)) area.forEach((p) => add(p));
    // a GeoJSON area (a type and coordinates) names no place
    else if (area && typeof area === "object" && !GEOJSON_TYPES.has(String((area as { type?: unknown }).type))) {
      for (const [country, places] of Object.entries(area as Record<string, unknown>)) {
        if (Array.isArray(places)) places.forEach((p) => add(p, country.toUpperCase()));
        else add(places, country.toUpperCase());
      }
    } else add(area);
  }
  return { names: [...names], zips: [...zips] };
}

const GEOJSON_TYPES = new Set(["Polygon", "MultiPolygon", "Feature", "FeatureCollection", "GeometryCollection", "Point", "MultiPoint", "LineString", "MultiLineString"]);

// What a place name resolves to. Cities and ZIP codes come as points in the data packages (no
// boundary), so they carry a centre and a stated radius; the others have polygons in the atlases.
import type { Geometry } from "geojson";
import type { LonLat } from "./geometry.ts";

export type PlaceKind = "everywhere" | "nation" | "state" | "county" | "city" | "postal_code" | "geojson";

export interface Place {
  /** Stable: "everywhere", "US", "FR", "US-36" (state FIPS), "US-36047" (county FIPS),
   * "US-city-5110302" (GeoNames id), "US-zip-10018", "geojson-<hash>". */
  id: string;
  kind: PlaceKind;
  /** How people write it: "New York", "Kings County, NY", "Brooklyn, NY", "10018", "France". */
  name: string;
  /** ISO 3166-1 alpha-2 nation. */
  nation?: string;
  /** USPS state abbreviation for places inside a US state; elsewhere the GeoNames admin1 code. */
  state?: string;
  /** City or ZIP: the point the data gives … */
  center?: LonLat;
  /** … and the radius in km we draw around it, since the data has no boundary. */
  radiusKm?: number;
  population?: number;
  /** A library's own GeoJSON area. */
  geometry?: Geometry;
}

export const EVERYWHERE: Place = { id: "everywhere", kind: "everywhere", name: "Everywhere" };

/** One line for people: "Kings County, NY (county)", "Brooklyn, NY (city: point + 10 km radius)". */
export function describePlace(p: Place): string {
  if (p.kind === "city" || p.kind === "postal_code") {
    const what = p.kind === "city" ? "city" : "ZIP code";
    return `${p.name} (${what}: a point with a ${p.radiusKm} km radius; the data has no boundary)`;
  }
  return `${p.name} (${p.kind === "geojson" ? "GeoJSON area" : p.kind})`;
}

/** A candidate as shown to people: non-US cities share names, so they add nation and region. */
export function candidateLabel(p: Place): string {
  if (p.kind === "city" && p.nation !== "US") return `${p.name} (${p.nation}${p.state ? ` region ${p.state}` : ""}, pop. ${p.population ?? "?"})`;
  return p.name;
}

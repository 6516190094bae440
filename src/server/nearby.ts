// `GET /?_location=LAT,LON` (and `/qa?_location=…`): the root catalog with the libraries near that
// point in `catalogs`, ranked precisely for the point (src/geo/nearby.ts) from the areas the
// build wrote to places/index.json, each entry the library's own from feeds/library/<uuid>.json
// plus `schema:distance` where a distance applies.
import { summarize } from "../directory/summary.ts";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { NearbyIndex, type LibraryAreas, type Place } from "../geo/index.ts";
import { NEARBY_PLACES_FILE } from "../directory/places.ts";
import { ROOT_FILE, libraryFile } from "../directory/routes.ts";
import { uuidOf } from "../directory/urls.ts";

interface PlacesIndex {
  radius_km: number;
  places: Record<string, Place>;
  libraries: { id: string; production: boolean; eligibility: string[]; focus: string[] }[];
}

interface Loaded {
  mtimeMs: number;
  production: NearbyIndex;
  qa: NearbyIndex;
}

const cache = new Map<string, Loaded>();

/** The ranking of one dist/, rebuilt when a build replaces places/index.json. */
function indexFor(outDir: string): Loaded {
  const file = join(outDir, NEARBY_PLACES_FILE);
  const mtimeMs = statSync(file).mtimeMs;
  const have = cache.get(outDir);
  if (have && have.mtimeMs === mtimeMs) return have;
  const data = JSON.parse(readFileSync(file, "utf8")) as PlacesIndex;
  const areas = (qa: boolean): LibraryAreas[] =>
    data.libraries
      .filter((l) => qa || l.production)
      .map((l) => ({ key: l.id, service: l.eligibility.map((id) => data.places[id]).filter(Boolean), focus: l.focus.map((id) => data.places[id]).filter(Boolean) }));
  const loaded = { mtimeMs, production: new NearbyIndex(areas(false), { radiusKm: data.radius_km }), qa: new NearbyIndex(areas(true), { radiusKm: data.radius_km }) };
  cache.set(outDir, loaded);
  return loaded;
}

/** The reference's distance text: whole kilometres and a period ("12 km."). */
export function distanceText(km: number): string {
  return `${Math.round(km)} km.`;
}

export function nearbyRootCatalog(outDir: string, at: { lat: number; lon: number }, qa: boolean): Record<string, unknown> {
  const root = JSON.parse(readFileSync(join(outDir, ROOT_FILE), "utf8")) as Record<string, unknown>;
  const index = indexFor(outDir)[qa ? "qa" : "production"];
  const catalogs = index.near([at.lon, at.lat]).flatMap((hit) => {
    let entry: { metadata: Record<string, unknown> } | undefined;
    try {
      entry = (JSON.parse(readFileSync(join(outDir, libraryFile(uuidOf(hit.key))), "utf8")) as { catalogs: { metadata: Record<string, unknown> }[] }).catalogs[0];
    } catch {
      return []; // its file went with a rebuild since the index was read: left out, as search does
    }
    if (!entry) return [];
    // as the list feeds carry it: the library's own document has the whole description
    const description = entry.metadata.description;
    const metadata = typeof description === "string" ? { ...entry.metadata, description: summarize(description) } : entry.metadata;
    const text = hit.distanceKm === undefined ? undefined : distanceText(hit.distanceKm);
    return [{ ...entry, metadata: text ? { ...metadata, "schema:distance": text, distance: text } : metadata }];
  });
  return { ...root, catalogs };
}

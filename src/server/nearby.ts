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
  /**
   * Each library's entry as read from feeds/library/<uuid>.json, for this build's dist/ only (a
   * rebuild brings a new places/index.json, and with it an empty map): an answer lists hundreds
   * of libraries, read once each instead of once per request. Null: the file was not there.
   */
  entries: Map<string, CatalogEntry | null>;
}

type CatalogEntry = { metadata: Record<string, unknown> };

/** Files read for `_location` answers (tests: a second answer reads none). */
export let nearbyEntryReads = 0;
/** Entries kept per build at most (a directory's worth; past it the map starts again). */
const MAX_CACHED_ENTRIES = 50_000;

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
  const loaded = { mtimeMs, production: new NearbyIndex(areas(false), { radiusKm: data.radius_km }), qa: new NearbyIndex(areas(true), { radiusKm: data.radius_km }), entries: new Map() };
  cache.set(outDir, loaded);
  return loaded;
}

/** The reference's distance text: whole kilometres and a period ("12 km."). */
export function distanceText(km: number): string {
  return `${Math.round(km)} km.`;
}

export function nearbyRootCatalog(outDir: string, at: { lat: number; lon: number }, qa: boolean): Record<string, unknown> {
  const root = JSON.parse(readFileSync(join(outDir, ROOT_FILE), "utf8")) as Record<string, unknown>;
  const loaded = indexFor(outDir);
  const index = loaded[qa ? "qa" : "production"];
  const entryOf = (uuid: string): CatalogEntry | null => {
    let entry = loaded.entries.get(uuid);
    if (entry !== undefined) return entry;
    nearbyEntryReads++;
    try {
      entry = (JSON.parse(readFileSync(join(outDir, libraryFile(uuid)), "utf8")) as { catalogs: CatalogEntry[] }).catalogs[0] ?? null;
    } catch {
      return null; // its file went with a rebuild since the index was read: left out, as search does (and not remembered)
    }
    if (loaded.entries.size >= MAX_CACHED_ENTRIES) loaded.entries.clear();
    loaded.entries.set(uuid, entry);
    return entry;
  };
  const catalogs = index.near([at.lon, at.lat]).flatMap((hit) => {
    const entry = entryOf(uuidOf(hit.key));
    if (!entry) return [];
    // as the list feeds carry it: the library's own document has the whole description
    const description = entry.metadata.description;
    const metadata = typeof description === "string" ? { ...entry.metadata, description: summarize(description) } : entry.metadata;
    const text = hit.distanceKm === undefined ? undefined : distanceText(hit.distanceKm);
    return [{ ...entry, metadata: text ? { ...metadata, "schema:distance": text, distance: text } : metadata }];
  });
  return { ...root, catalogs };
}

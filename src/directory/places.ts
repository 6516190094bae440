// What the directory publishes about places: each library's areas as GeoJSON
// (/library/{uuid}/eligibility and /focus), and the static "near me" index: one OPDS 2 catalogs
// feed per 1°×1° tile, /nearby/{floor(lat)}/{floor(lon)}.json (production) and /nearby-qa/…
// (production + testing), plus places/index.json, the resolved areas `registry serve` ranks a
// precise `_location` with. Ranking and tiles: src/geo/nearby.ts.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import type { CatalogsFeed } from "./documents.ts";
import { isListedInQa, isProduction } from "./types.ts";
import { sortByTitle } from "./order.ts";
import type { EntryOf } from "./entry.ts";
import { FeedSerializer } from "./serialize.ts";
import { feedLinks, feedMetadata } from "./feeds.ts";
import { uuidOf, withoutTrailingSlashes } from "./urls.ts";
import { NEARBY_RADIUS_KM, NearbyIndex, libraryAreasOf, placeFeature, type LibraryPlaces, type Place } from "../geo/index.ts";

import { NEARBY_DIRS, areaFile } from "./routes.ts";
import { createHash } from "node:crypto";
import { OPDS2, REL } from "../opds/media-types.ts";

export const [NEARBY_DIR, NEARBY_QA_DIR] = NEARBY_DIRS;
export const NEARBY_EMPTY = "empty.json";
export const NEARBY_PLACES_FILE = "places/index.json";
export const tileFile = (dir: string, lat: number, lon: number) => `${dir}/${lat}/${lon}.json`;

const base = (cfg: DirectoryConfig) => withoutTrailingSlashes(cfg.base_url);
export const eligibilityUrl = (cfg: DirectoryConfig, id: string) => `${base(cfg)}/library/${uuidOf(id)}/eligibility`;
export const focusUrl = (cfg: DirectoryConfig, id: string) => `${base(cfg)}/library/${uuidOf(id)}/focus`;
export const tileUrl = (cfg: DirectoryConfig, dir: string, lat: number, lon: number) => `${base(cfg)}/${tileFile(dir, lat, lon)}`;

export const NEARBY_TITLE = "Libraries near you";
export const NEARBY_WIDE = "wide";
export const NEARBY_WIDE_TITLE = "Libraries for the whole nation or everywhere";

/** A library's resolved areas (resolved once per distinct value, for the whole build). */
export function placesOf(lib: DirectoryLibrary): LibraryPlaces {
  return libraryAreasOf(lib.info.service_area, lib.info.focus_area);
}

/** GeoJSON text per place, shared by every library that names it. */
export class AreaSerializer {
  readonly #features = new Map<string, string>();

  collection(places: readonly Place[]): string {
    const parts = places.map((p) => {
      let text = this.#features.get(p.id);
      if (text === undefined) {
        text = JSON.stringify(placeFeature(p));
        this.#features.set(p.id, text);
      }
      return text;
    });
    return `{"type":"FeatureCollection","features":[${parts.join(",")}]}`;
  }
}

/** The two GeoJSON files of one library. */
export function areaFiles(lib: DirectoryLibrary, areas: AreaSerializer): { path: string; body: string }[] {
  const uuid = uuidOf(lib.id);
  const p = placesOf(lib);
  const eligibility = areas.collection(p.eligibility);
  const focus = p.focus === p.eligibility ? eligibility : areas.collection(p.focus);
  return [
    { path: areaFile(uuid, "eligibility"), body: eligibility },
    { path: areaFile(uuid, "focus"), body: focus },
  ];
}

export function emptyNearbyFeed(cfg: DirectoryConfig, dir: string): CatalogsFeed {
  return { metadata: feedMetadata(cfg, NEARBY_TITLE), links: feedLinks(cfg, `${base(cfg)}/${dir}/${NEARBY_EMPTY}`), catalogs: [] };
}

/**
 * Every tile of one index (production or QA), ranked for the tile's centre. A tile's `catalogs`
 * are its local libraries (an area containing or within the radius of the tile); the national and
 * "everywhere" libraries, the same for thousands of tiles, follow on one shared page its `next`
 * link names (nearby/wide/<hash>.json), so a tile stays small.
 */
export function nearbyTileFiles(
  libs: readonly DirectoryLibrary[],
  cfg: DirectoryConfig,
  opts: { qa: boolean; entryOf: EntryOf; json: FeedSerializer },
): { path: string; body: string }[] {
  const dir = opts.qa ? NEARBY_QA_DIR : NEARBY_DIR;
  const listed = sortByTitle(libs.filter(opts.qa ? isListedInQa : isProduction));
  const index = new NearbyIndex(listed.map((lib) => ({ key: lib, service: placesOf(lib).eligibility, focus: placesOf(lib).focus })));
  const everywhere = index.everywhere();
  const out = [{ path: `${dir}/${NEARBY_EMPTY}`, body: opts.json.feed(emptyNearbyFeed(cfg, dir)) }];
  const widePages = new Map<string, string>();
  for (const [key, hits] of index.tiles({ everywhere: false })) {
    const [lat, lon] = key.split("/").map(Number);
    const local = hits.filter((h) => h.group === "containing" || h.group === "near").map((h) => h.key);
    const listedHere = new Set(hits.map((h) => h.key));
    const wide = [...hits.filter((h) => h.group === "national").map((h) => h.key), ...everywhere.filter((l) => !listedHere.has(l))];
    const links = feedLinks(cfg, tileUrl(cfg, dir, lat, lon));
    if (wide.length) {
      const name = createHash("sha256").update(wide.map((l) => l.id).join("\n")).digest("hex").slice(0, 16);
      const path = `${dir}/${NEARBY_WIDE}/${name}.json`;
      if (!widePages.has(path)) {
        const page: CatalogsFeed = { metadata: feedMetadata(cfg, NEARBY_WIDE_TITLE), links: feedLinks(cfg, `${base(cfg)}/${path}`), catalogs: wide.map(opts.entryOf) };
        widePages.set(path, opts.json.feed(page));
      }
      links.push({ rel: REL.next, href: `${base(cfg)}/${path}`, type: OPDS2, title: NEARBY_WIDE_TITLE });
    }
    const feed: CatalogsFeed = { metadata: feedMetadata(cfg, NEARBY_TITLE), links, catalogs: local.map(opts.entryOf) };
    out.push({ path: tileFile(dir, lat, lon), body: opts.json.feed(feed) });
  }
  for (const [path, body] of widePages) out.push({ path, body });
  return out;
}

/**
 * nearby/places.json: every listed library's resolved areas, for a server ranking a precise
 * point (`registry serve`'s `/?_location=`). Places are listed once and referred to by id.
 */
export function nearbyPlacesFile(libs: readonly DirectoryLibrary[]): string {
  const places: Record<string, Place> = {};
  const libraries = sortByTitle(libs.filter(isListedInQa)).map((lib) => {
    const p = placesOf(lib);
    for (const place of [...p.eligibility, ...p.focus]) places[place.id] = place;
    return { id: lib.id, production: isProduction(lib), eligibility: p.eligibility.map((x) => x.id), focus: p.focus.map((x) => x.id) };
  });
  return JSON.stringify({ radius_km: NEARBY_RADIUS_KM, tile_degrees: 1, places, libraries });
}

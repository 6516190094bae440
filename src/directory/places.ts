// What the directory publishes about places: each library's areas as GeoJSON
// (/library/{uuid}/eligibility and /focus), and the static "near me" index: one OPDS 2 catalogs
// feed per 1°×1° tile, /nearby/{floor(lat)}/{floor(lon)}.json (production) and /nearby-qa/…
// (production + testing), plus places/index.json, the resolved areas `registry serve` ranks a
// precise `_location` with. Ranking and tiles: src/geo/nearby.ts.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import type { CatalogEntry, CatalogsFeed } from "./documents.ts";
import { isListedInQa, isProduction } from "./types.ts";
import { sortByTitle } from "./order.ts";
import type { EntryOf } from "./entry.ts";
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
  readonly #collections = new Map<string, string>();

  /**
   * The same string for the same places, and its key (what makes each place's feature): the
   * writer links the file of a key it has written instead of writing it again.
   */
  collection(places: readonly Place[]): { key: string; text: string } {
    const keys = places.map(featureKey);
    const key = JSON.stringify(keys);
    let text = this.#collections.get(key);
    if (text === undefined) this.#collections.set(key, (text = this.#collection(places, keys)));
    return { key, text };
  }

  #collection(places: readonly Place[], keys: string[]): string {
    const parts = places.map((p, i) => {
      let text = this.#features.get(keys[i]);
      if (text === undefined) {
        text = JSON.stringify(placeFeature(p));
        this.#features.set(keys[i], text);
      }
      return text;
    });
    return `{"type":"FeatureCollection","features":[${parts.join(",")}]}`;
  }
}

/**
 * What a place's feature is made of: a gazetteer place is its id; a library's own GeoJSON area is
 * named by the hash of its geometry, and its name is the library's: two libraries drawing the
 * same polygon under different names each publish their own name.
 */
const featureKey = (p: Place): string => (p.kind === "geojson" ? JSON.stringify([p.id, p.name]) : p.id);

/** The two GeoJSON files of one library, each with its AreaSerializer key. */
export function areaFiles(lib: DirectoryLibrary, areas: AreaSerializer): { path: string; body: string; key: string }[] {
  const uuid = uuidOf(lib.id);
  const p = placesOf(lib);
  const eligibility = areas.collection(p.eligibility);
  const focus = p.focus === p.eligibility ? eligibility : areas.collection(p.focus);
  return [
    { path: areaFile(uuid, "eligibility"), body: eligibility.text, key: eligibility.key },
    { path: areaFile(uuid, "focus"), body: focus.text, key: focus.key },
  ];
}

export function emptyNearbyFeed(cfg: DirectoryConfig, dir: string): CatalogsFeed {
  return { metadata: feedMetadata(cfg, NEARBY_TITLE), links: feedLinks(cfg, `${base(cfg)}/${dir}/${NEARBY_EMPTY}`), catalogs: [] };
}

/**
 * A library as a tile lists it: what a "near me" list shows and what adding the library needs
 * (title, area served, logo, catalog, auth document, website, help). The description and the
 * area links are left to its own document, `/library/{uuid}`: a dense tile lists hundreds.
 */
export function tileEntry(entry: CatalogEntry): CatalogEntry {
  const { description: _d, ...metadata } = entry.metadata;
  const links = entry.links.filter((l) => TILE_RELS.has(l.rel ?? ""));
  return { ...entry, metadata, links };
}
const TILE_RELS = new Set<string>([REL.catalog, REL.authDocument, REL.alternate, REL.help]);

/**
 * Every tile of both indexes (production and QA, ranked once), each ranked for the tile's centre.
 * A tile's `catalogs` are its local libraries (every area meeting the tile, then the NEAR_LIMIT
 * nearest others within the radius); the national and "everywhere" libraries, the same for
 * thousands of tiles, follow on one shared page its `next` link names (nearby/wide/<hash>.json),
 * so a tile stays small.
 */
export function* nearbyTileFiles(
  libs: readonly DirectoryLibrary[],
  cfg: DirectoryConfig,
  opts: { entryOf: EntryOf },
): Generator<{ path: string; feed: CatalogsFeed }> {
  const listed = sortByTitle(libs.filter(isListedInQa));
  const index = new NearbyIndex(listed.map((lib) => ({ key: lib, service: placesOf(lib).eligibility, focus: placesOf(lib).focus })));
  const everywhere = index.everywhere();
  const slim = new Map<DirectoryLibrary, CatalogEntry>();
  const entryOf = (lib: DirectoryLibrary) => {
    let e = slim.get(lib);
    if (!e) slim.set(lib, (e = tileEntry(opts.entryOf(lib))));
    return e;
  };
  const variants = [
    { dir: NEARBY_DIR, keep: isProduction },
    { dir: NEARBY_QA_DIR, keep: (_: DirectoryLibrary) => true },
  ];
  for (const { dir } of variants) yield { path: `${dir}/${NEARBY_EMPTY}`, feed: emptyNearbyFeed(cfg, dir) };
  const widePages = new Set<string>();
  for (const tile of index.rankedTiles({ everywhere: false })) {
    const [lat, lon] = tile.key.split("/").map(Number);
    for (const { dir, keep } of variants) {
      const hits = tile.hits(keep);
      if (!hits.length) continue;
      const local = hits.filter((h) => h.group === "containing" || h.group === "near").map((h) => h.key);
      const listedHere = new Set(hits.map((h) => h.key));
      const wide = [...hits.filter((h) => h.group === "national").map((h) => h.key), ...everywhere.filter((l) => keep(l) && !listedHere.has(l))];
      const links = feedLinks(cfg, tileUrl(cfg, dir, lat, lon));
      if (wide.length) {
        const name = createHash("sha256").update(wide.map((l) => l.id).join("\n")).digest("hex").slice(0, 16);
        const path = `${dir}/${NEARBY_WIDE}/${name}.json`;
        if (!widePages.has(path)) {
          widePages.add(path);
          const page: CatalogsFeed = { metadata: feedMetadata(cfg, NEARBY_WIDE_TITLE), links: feedLinks(cfg, `${base(cfg)}/${path}`), catalogs: wide.map(entryOf) };
          yield { path, feed: page };
        }
        links.push({ rel: REL.next, href: `${base(cfg)}/${path}`, type: OPDS2, title: NEARBY_WIDE_TITLE });
      }
      const feed: CatalogsFeed = { metadata: feedMetadata(cfg, NEARBY_TITLE), links, catalogs: local.map(entryOf) };
      yield { path: tileFile(dir, lat, lon), feed };
    }
  }
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

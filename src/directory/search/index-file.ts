// The search index the build writes (dist/search/index.json): one file for the web page, for
// `registry serve` and for the Cloudflare worker, so all three find the same libraries.
import type { DirectoryConfig } from "../types.ts";
import MiniSearch from "minisearch";
import type { DirectoryLibrary } from "../types.ts";
import { isListedInQa, isProduction } from "../types.ts";
import { sortByTitle } from "../order.ts";
import { uuidOf } from "../urls.ts";
import { areaNames } from "./area-names.ts";
import { areaServed } from "../../geo/index.ts";
import { initialsOf } from "./terms.ts";
import { DESCRIPTION_OPTIONS, MINISEARCH_OPTIONS, SEARCH_INDEX_VERSION, type DescriptionIndexFile, type SearchFeedHead, type SearchIndexFile } from "./index-format.ts";
import { feedLinks, feedMetadata } from "../feeds.ts";
import { searchUrl } from "../urls.ts";
import { placesOf } from "../places.ts";
import { buildPlaceTables } from "./place-containment.ts";
import type { PlaceTables } from "./place-tables.ts";
import { SEARCH_PLACES_DIR } from "../routes.ts";

interface IndexedDocument {
  id: number;
  name: string;
  aliases: string;
  places: string;
  zips: string;
}

/** Extra names a library is known by: its short name and its initials. */
export function aliasesOf(lib: DirectoryLibrary): string[] {
  return [lib.short_name, initialsOf(lib.info.title)].filter((a): a is string => !!a);
}

/** Every library listed in QA (production ones flagged), in title order; and the places they serve. */
export function buildSearchIndex(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig): { names: SearchIndexFile; descriptions: DescriptionIndexFile; places: PlaceTables } {
  const listed = sortByTitle(libs.filter(isListedInQa));
  const rows: SearchIndexFile["rows"] = [];
  const docs: IndexedDocument[] = [];
  const descriptions: { id: number; description: string }[] = [];
  listed.forEach((lib, id) => {
    const areas = areaNames(lib.info.service_area, lib.info.focus_area);
    const area = areaServed(placesOf(lib)) ?? "";
    rows.push([uuidOf(lib.id), lib.info.title, isProduction(lib) ? 1 : 0, area]);
    docs.push({
      id,
      name: lib.info.title,
      aliases: aliasesOf(lib).join(" "),
      places: areas.names.join(" ; "),
      zips: areas.zips.join(" "),
    });
    if (lib.info.description) descriptions.push({ id, description: lib.info.description });
  });
  const mini = new MiniSearch<IndexedDocument>(MINISEARCH_OPTIONS);
  mini.addAll(docs);
  const described = new MiniSearch<{ id: number; description: string }>(DESCRIPTION_OPTIONS);
  described.addAll(descriptions);
  const feeds = { production: searchFeedHead(cfg, false), qa: searchFeedHead(cfg, true) };
  return {
    names: { version: SEARCH_INDEX_VERSION, feeds, rows, index: mini.toJSON() },
    descriptions: { version: SEARCH_INDEX_VERSION, index: described.toJSON() },
    places: buildPlaceTables(listed.map(placesOf)),
  };
}

/** The links every feed carries (self, register, search, template) and the metadata but the title. */
export function searchFeedHead(cfg: DirectoryConfig, qa: boolean): SearchFeedHead {
  const { title: _t, ...metadata } = feedMetadata(cfg, "");
  return { metadata, links: feedLinks(cfg, searchUrl(cfg, qa), { qa }) };
}

/**
 * The places table as the web page reads it: `search/places/index.json` without the states'
 * shards, and `search/places/{state}.json` for each state something is served in.
 */
export function placesPageFiles(places: PlaceTables): { path: string; body: string }[] {
  return [
    { path: `${SEARCH_PLACES_DIR}/index.json`, body: JSON.stringify({ ...places, shards: {} }) },
    ...Object.entries(places.shards).map(([state, shard]) => ({ path: `${SEARCH_PLACES_DIR}/${state}.json`, body: JSON.stringify(shard) })),
  ];
}

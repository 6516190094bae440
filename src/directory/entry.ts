// One library as an OPDS 2 catalog entry: the shape of the reference registries' entries
// (feeds.md §3) cut to what every client reads (§6 "Entry checklist"). Built only from the public
// LibraryInfo; contact addresses, secrets and short names never reach this function's output.
// Its areas: the eligibility and focus GeoJSON links and `schema:areaServed`, as the reference.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import type { CatalogEntry, OpdsLink } from "./documents.ts";
import { AUTH_DOC_V1, HTML, OPDS1_ACQUISITION, PNG, REL, parseMediaType } from "../opds/media-types.ts";
import { toInstant } from "./instant.ts";
import { summarize } from "./summary.ts";

export { LIST_DESCRIPTION_CHARS, summarize } from "./summary.ts";
import { logoUrl } from "./logo.ts";
import { eligibilityUrl, focusUrl, placesOf } from "./places.ts";
import { GEOJSON } from "../opds/media-types.ts";
import { areaServed } from "../geo/index.ts";

/** The catalog link is typed from the start link; Palace always said OPDS 1 acquisition. */
function catalogType(type: string | undefined): string {
  return type && parseMediaType(type) ? type : OPDS1_ACQUISITION;
}

export function buildLibraryEntry(lib: DirectoryLibrary, cfg: DirectoryConfig, opts: { list?: boolean } = {}): CatalogEntry {
  const info = lib.info;
  const updated = toInstant(lib.updated, `${lib.slug}: updated`);
  const metadata: CatalogEntry["metadata"] = { id: lib.id, title: info.title, updated, modified: updated };
  if (typeof info.description === "string" && info.description.trim() !== "") metadata.description = opts.list ? summarize(info.description) : info.description;
  const served = areaServed(placesOf(lib));
  if (served) metadata["schema:areaServed"] = served;

  const links: OpdsLink[] = [
    { rel: REL.catalog, href: info.start.href, type: catalogType(info.start.type) },
    // iOS and web-patron match this type byte for byte; Android also accepts the rel.
    { rel: REL.authDocument, href: lib.url, type: AUTH_DOC_V1 },
  ];
  if (info.website) links.push({ rel: REL.alternate, href: info.website, type: HTML });
  if (cfg) {
    links.push({ rel: REL.eligibility, href: eligibilityUrl(cfg, lib.id), type: GEOJSON });
    links.push({ rel: REL.focus, href: focusUrl(cfg, lib.id), type: GEOJSON });
  }
  // The schemas want unique link objects: a document listing one address twice gets one link.
  for (const href of new Set(info.help)) links.push({ rel: REL.help, href });
  for (const href of new Set(info.copyright_agent)) links.push({ rel: REL.copyrightAgent, href });
  if (info.registration_url) links.push({ rel: REL.register, href: info.registration_url, type: HTML });

  const entry: CatalogEntry = { metadata, links };
  const logo = logoUrl(lib, cfg);
  if (logo) entry.images = [{ rel: REL.thumbnail, href: logo, type: PNG }];
  return entry;
}

/** One entry per library for a whole build: feeds and pages share the objects (and their JSON). */
export type EntryOf = (lib: DirectoryLibrary) => CatalogEntry;

/** The list form (description summarized), memoized: what every feed, tile and crawl page holds. */
export function memoizedEntries(cfg: DirectoryConfig, opts: { list?: boolean } = { list: true }): EntryOf {
  const cache = new Map<DirectoryLibrary, CatalogEntry>();
  return (lib) => {
    let entry = cache.get(lib);
    if (!entry) {
      entry = buildLibraryEntry(lib, cfg, opts);
      cache.set(lib, entry);
    }
    return entry;
  };
}

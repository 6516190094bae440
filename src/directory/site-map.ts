// Every file of dist/, in one list: the Eleventy templates write it, the build counts it, and its
// paths are the targets of the route table (routes.ts).
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { isListedInQa, isProduction } from "./types.ts";
import { buildFacetedLibrariesFeed, buildLibrariesFeed, buildLibraryDocument, buildRootCatalog } from "./feeds.ts";
import { buildCrawlablePages } from "./crawl.ts";
import { memoizedEntries } from "./entry.ts";
import { FeedSerializer } from "./serialize.ts";
import { buildHeadersFile, buildNginxSnippet, buildRedirectsFile } from "./static-host.ts";
import { buildCloudflareRoutes, buildCloudflareWorker, CF_ROUTES_FILE, WORKER_FILE } from "./cloudflare.ts";
import { AVAILABILITIES, CRAWL_ORDERS, uuidOf } from "./urls.ts";
import { AreaSerializer, NEARBY_PLACES_FILE, areaFiles, nearbyPlacesFile, nearbyTileFiles } from "./places.ts";
import type { ListPage } from "./web/list-pages.ts";
import type { LibraryPage } from "./web/library-pages.ts";
import type { EntryOf } from "./entry.ts";
import { buildSearchIndex, placesPageFiles } from "./search/index-file.ts";
import { buildOpenSearchDescription } from "./search/opensearch.ts";
import type { NotFoundPage } from "./web/not-found-page.ts";
import {
  HEADERS_FILE,
  NGINX_FILE,
  OPENSEARCH_FILE,
  OPENSEARCH_QA_FILE,
  SEARCH_INDEX_FILE,
  SEARCH_DESCRIPTIONS_FILE,
  SEARCH_PLACES_FILE,
  PRODUCTION_FILE,
  QA_FILE,
  REDIRECTS_FILE,
  ROOT_FILE,
  contentTypeForFile,
  crawlEndFile,
  crawlFile,
  librariesFacetFile,
  libraryFile,
} from "./routes.ts";

export interface SiteFile {
  /** Relative to dist/, no leading slash. */
  path: string;
  /** What a host must send it as (the same value routes.ts gives). */
  contentType: string;
  body: string;
}

/**
 * Every machine-readable file of dist/ (the human page, index.html, is the site's own template).
 * Per-library documents are written for every library passed in, whatever its stage: the
 * reference answers /library/{uuid} even for cancelled libraries.
 */
export function planSite(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entries?: EntryOf): SiteFile[] {
  const files: SiteFile[] = [];
  const add = (path: string, body: string) => files.push({ path, contentType: contentTypeForFile(path), body });

  const entryOf = entries ?? memoizedEntries(cfg);
  const json = new FeedSerializer();

  const counts = { production: libs.filter(isProduction).length, qa: libs.filter(isListedInQa).length };
  add(ROOT_FILE, JSON.stringify(buildRootCatalog(cfg, counts)));
  // kept for plain file hosts (GitHub Pages): the same list as /libraries, without facets
  add(PRODUCTION_FILE, json.feed(buildLibrariesFeed(libs, cfg, { qa: false, entryOf })));
  for (const availability of AVAILABILITIES) {
    for (const order of CRAWL_ORDERS) add(librariesFacetFile(availability, order), json.feed(buildFacetedLibrariesFeed(libs, cfg, { availability, order }, entryOf)));
  }
  add(QA_FILE, json.feed(buildLibrariesFeed(libs, cfg, { qa: true, entryOf })));

  const seen = new Set<string>();
  for (const lib of libs) {
    const uuid = uuidOf(lib.id);
    if (seen.has(uuid)) throw new Error(`two libraries share the id ${lib.id}`);
    seen.add(uuid);
    add(libraryFile(uuid), json.feed(buildLibraryDocument(lib, cfg, entryOf)));
  }

  // Places: each library's areas as GeoJSON, and the static "near me" index.
  const areas = new AreaSerializer();
  for (const lib of libs) for (const f of areaFiles(lib, areas)) add(f.path, f.body);
  for (const qa of [false, true]) for (const f of nearbyTileFiles(libs, cfg, { qa, entryOf, json })) add(f.path, f.body);
  add(NEARBY_PLACES_FILE, nearbyPlacesFile(libs));

  for (const availability of AVAILABILITIES) {
    for (const order of CRAWL_ORDERS) {
      const pages = buildCrawlablePages(libs, cfg, { availability, order, entryOf });
      for (const page of pages) add(crawlFile(availability, order, page.offset), json.feed(page.feed));
      add(crawlEndFile(availability, order), json.feed(pages[pages.length - 1].feed));
    }
  }

  const search = buildSearchIndex(libs, cfg);
  add(SEARCH_INDEX_FILE, JSON.stringify(search.names));
  add(SEARCH_DESCRIPTIONS_FILE, JSON.stringify(search.descriptions));
  add(SEARCH_PLACES_FILE, JSON.stringify(search.places));
  for (const f of placesPageFiles(search.places)) add(f.path, f.body);
  add(OPENSEARCH_FILE, buildOpenSearchDescription(cfg, false));
  add(OPENSEARCH_QA_FILE, buildOpenSearchDescription(cfg, true));

  add(HEADERS_FILE, buildHeadersFile());
  add(REDIRECTS_FILE, buildRedirectsFile());
  add(NGINX_FILE, buildNginxSnippet(cfg));
  add(WORKER_FILE, buildCloudflareWorker());
  add(CF_ROUTES_FILE, buildCloudflareRoutes());
  return files;
}

/**
 * The one value the Eleventy templates read (global data `directory`, set by renderSite). A class,
 * not a plain object, so Eleventy's data cascade passes it by reference instead of deep-merging
 * ten thousand file descriptors into every template's data.
 */
export class SiteData {
  constructor(
    readonly files: readonly SiteFile[],
    readonly listPages: readonly ListPage[],
    readonly libraryPages: readonly LibraryPage[],
    /** One page, dist/404.html (a list so the template paginates over it like the others). */
    readonly notFoundPages: readonly NotFoundPage[],
  ) {}
}

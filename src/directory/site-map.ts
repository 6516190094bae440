// Every file of dist/, in one list: the Eleventy templates write it, the build counts it, and its
// paths are the targets of the route table (routes.ts).
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { isListedInQa, isProduction } from "./types.ts";
import { buildFacetedLibrariesFeed, buildLibrariesFeed, buildLibraryDocument, buildRootCatalog } from "./feeds.ts";
import { buildCrawlablePages } from "./crawl.ts";
import { memoizedEntries } from "./entry.ts";
import { FeedSerializer } from "./serialize.ts";
import type { CatalogsFeed } from "./documents.ts";
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
  /**
   * Assembled by the FeedSerializer from pieces it has already shown to its `onPiece` check (each
   * entry once, each feed's head): the leak guard need not read the whole text again.
   */
  assembled?: boolean;
  /**
   * Files of the same key are byte for byte the same (an area's GeoJSON, named by every library
   * serving it): the writer writes the first and links the others.
   */
  sharedKey?: string;
  /** Byte for byte the file at this path, written before it (a crawl series' `end` page). */
  sameAs?: string;
  /** The body in pieces (a large feed): what a writer uses instead of `body`, which joins them. */
  chunks?: () => Iterable<string>;
}

/** A feed file whose text is produced in pieces; `body` joins them when someone asks for it. */
function feedFile(path: string, json: FeedSerializer, f: CatalogsFeed, extra: Partial<SiteFile> = {}): SiteFile {
  return {
    path,
    contentType: contentTypeForFile(path),
    assembled: true,
    ...extra,
    chunks: () => json.chunks(f),
    get body() {
      return json.feed(f);
    },
  };
}

/**
 * Every machine-readable file of dist/ (the human page, index.html, is the site's own template).
 * Per-library documents are written for every library passed in, whatever its stage: the
 * reference answers /library/{uuid} even for cancelled libraries.
 */
export function planSite(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entries?: EntryOf): SiteFile[] {
  return [...siteFiles(libs, cfg, entries)];
}

type FileOf = (path: string, body: string, extra?: Partial<SiteFile>) => SiteFile;

/**
 * The files of planSite one at a time, so that a build never holds all of dist/ in memory. Each
 * part is a generator of its own, so that what it built for itself (the search index, the area
 * texts, the set of ids) is garbage once it is done; the search index comes first, made before
 * the feed entries fill their memos (at 10,000 libraries the two together raised the build's peak).
 */
export function* siteFiles(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entries?: EntryOf, serializer?: FeedSerializer): Generator<SiteFile> {
  const file: FileOf = (path, body, extra = {}) => ({ path, contentType: contentTypeForFile(path), body, ...extra });
  const entryOf = entries ?? memoizedEntries(cfg);
  const json = serializer ?? new FeedSerializer();

  const counts = { production: libs.filter(isProduction).length, qa: libs.filter(isListedInQa).length };
  yield file(ROOT_FILE, JSON.stringify(buildRootCatalog(cfg, counts)));
  yield* searchFiles(libs, cfg, file);
  yield* listFeeds(libs, cfg, entryOf, json);
  yield* libraryDocuments(libs, cfg, file);
  yield* placeFiles(libs, cfg, file, entryOf, json);
  yield* crawlFeeds(libs, cfg, entryOf, json);
  yield file(HEADERS_FILE, buildHeadersFile());
  yield file(REDIRECTS_FILE, buildRedirectsFile());
  yield file(NGINX_FILE, buildNginxSnippet(cfg));
  yield file(WORKER_FILE, buildCloudflareWorker());
  yield file(CF_ROUTES_FILE, buildCloudflareRoutes());
}

function* searchFiles(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, file: FileOf): Generator<SiteFile> {
  const search = buildSearchIndex(libs, cfg);
  yield file(SEARCH_INDEX_FILE, JSON.stringify(search.names));
  yield file(SEARCH_DESCRIPTIONS_FILE, JSON.stringify(search.descriptions));
  yield file(SEARCH_PLACES_FILE, JSON.stringify(search.places));
  for (const f of placesPageFiles(search.places)) yield file(f.path, f.body);
  yield file(OPENSEARCH_FILE, buildOpenSearchDescription(cfg, false));
  yield file(OPENSEARCH_QA_FILE, buildOpenSearchDescription(cfg, true));
}

function* listFeeds(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entryOf: EntryOf, json: FeedSerializer): Generator<SiteFile> {
  // kept for plain file hosts (GitHub Pages): the same list as /libraries, without facets
  yield feedFile(PRODUCTION_FILE, json, buildLibrariesFeed(libs, cfg, { qa: false, entryOf }));
  for (const availability of AVAILABILITIES) {
    for (const order of CRAWL_ORDERS) yield feedFile(librariesFacetFile(availability, order), json, buildFacetedLibrariesFeed(libs, cfg, { availability, order }, entryOf));
  }
  yield feedFile(QA_FILE, json, buildLibrariesFeed(libs, cfg, { qa: true, entryOf }));
}

function* libraryDocuments(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, file: FileOf): Generator<SiteFile> {
  const seen = new Set<string>();
  for (const lib of libs) {
    const uuid = uuidOf(lib.id);
    if (seen.has(uuid)) throw new Error(`two libraries share the id ${lib.id}`);
    seen.add(uuid);
    yield file(libraryFile(uuid), JSON.stringify(buildLibraryDocument(lib, cfg)));
  }
}

/** Places: each library's areas as GeoJSON, and the static "near me" index. */
function* placeFiles(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, file: FileOf, entryOf: EntryOf, json: FeedSerializer): Generator<SiteFile> {
  const areas = new AreaSerializer();
  for (const lib of libs) for (const f of areaFiles(lib, areas)) yield file(f.path, f.body, { sharedKey: `areas:${f.key}` });
  // in pieces like the feeds: a town's tile can be hundreds of KB
  for (const f of nearbyTileFiles(libs, cfg, { entryOf })) yield feedFile(f.path, json, f.feed);
  yield file(NEARBY_PLACES_FILE, nearbyPlacesFile(libs));
}

function* crawlFeeds(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entryOf: EntryOf, json: FeedSerializer): Generator<SiteFile> {
  for (const availability of AVAILABILITIES) {
    for (const order of CRAWL_ORDERS) {
      const pages = buildCrawlablePages(libs, cfg, { availability, order, entryOf });
      for (const page of pages) yield feedFile(crawlFile(availability, order, page.offset), json, page.feed);
      const last = pages[pages.length - 1];
      yield feedFile(crawlEndFile(availability, order), json, last.feed, { sameAs: crawlFile(availability, order, last.offset) });
    }
  }
}

/**
 * The one value the Eleventy templates read (global data `directory`, set by renderSite): the
 * web pages. A class, not a plain object, so Eleventy's data cascade passes it by reference
 * instead of deep-merging ten thousand pages into every template's data.
 */
export class SiteData {
  constructor(
    readonly listPages: readonly ListPage[],
    readonly libraryPages: readonly LibraryPage[],
    /** One page, dist/404.html (a list so the template paginates over it like the others). */
    readonly notFoundPages: readonly NotFoundPage[],
    /** The leak guard: each template passes it what it rendered (the layout adds only our text). */
    readonly check: (text: string, where: string) => void = () => {},
  ) {}
}

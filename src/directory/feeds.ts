// The directory's catalogs feeds (feeds.md §2) and the OPDS 2 root catalog (§5).
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import type { CatalogsFeed, FeedMetadata, OpdsLink, RootCatalog } from "./documents.ts";
import { OPDS2, OPDS2_DIRECTORY, OPENSEARCH, REL } from "../opds/media-types.ts";
import { buildLibraryEntry, type EntryOf } from "./entry.ts";
import { selectAvailability, sortByTitle, sortLibraries } from "./order.ts";
import { crawlUrl, librariesFacetUrl, librariesQaUrl, librariesUrl, libraryTemplateUrl, libraryUrl, rootUrl, searchUrl, LIBRARIES_DEFAULT } from "./urls.ts";
import { buildFacets, type FacetState } from "./facets.ts";

export const PRODUCTION_TITLE = "Libraries";
export const QA_TITLE = "Libraries (QA)";

/** `adobe_vendor_id` only when configured: we never send null (Android and iOS choke on nulls). */
export function feedMetadata(cfg: DirectoryConfig, title: string): FeedMetadata {
  const metadata: FeedMetadata = { title };
  if (typeof cfg.adobe_vendor_id === "string" && cfg.adobe_vendor_id !== "") metadata.adobe_vendor_id = cfg.adobe_vendor_id;
  return metadata;
}

/** The OpenSearch description of the search that matches a feed: QA feeds search QA. */
export function searchLink(cfg: Pick<DirectoryConfig, "base_url">, qa: boolean): OpdsLink {
  return { rel: REL.search, href: searchUrl(cfg, qa), type: OPENSEARCH };
}

/** `self`, then `register` (when a live endpoint runs), `search`, then the single-library template (feeds.md §2). */
export function feedLinks(cfg: DirectoryConfig, selfHref: string, opts: { qa?: boolean } = {}): OpdsLink[] {
  const links: OpdsLink[] = [{ rel: REL.self, href: selfHref, type: OPDS2 }];
  if (cfg.register_url) links.push({ rel: REL.register, href: cfg.register_url, type: OPDS2_DIRECTORY });
  links.push(searchLink(cfg, !!opts.qa));
  links.push({ rel: REL.libraryTemplate, href: libraryTemplateUrl(cfg), type: OPDS2, templated: true });
  return links;
}

/** `/libraries` (both stages production) or, with `qa`, `/libraries/qa` (neither cancelled). */
export function buildLibrariesFeed(
  libs: readonly DirectoryLibrary[],
  cfg: DirectoryConfig,
  opts: { qa: boolean; entryOf?: EntryOf },
): CatalogsFeed {
  const listed = sortByTitle(selectAvailability(libs, opts.qa ? "all" : "production"));
  const entryOf = opts.entryOf ?? ((lib: DirectoryLibrary) => buildLibraryEntry(lib, cfg, { list: true }));
  return {
    metadata: feedMetadata(cfg, opts.qa ? QA_TITLE : PRODUCTION_TITLE),
    links: feedLinks(cfg, opts.qa ? librariesQaUrl(cfg) : librariesUrl(cfg), { qa: opts.qa }),
    catalogs: listed.map(entryOf),
  };
}

const FACET_TITLES = { production: PRODUCTION_TITLE, all: QA_TITLE, hidden: "Libraries in testing" } as const;

/**
 * `/libraries?order=…&availability=…` (Palace): the libraries of one availability in one order,
 * with the facet groups that lead to the other combinations. The defaults (production, name) are
 * the bare `/libraries`.
 */
export function buildFacetedLibrariesFeed(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, state: FacetState, entryOf?: EntryOf): CatalogsFeed {
  const listed = sortLibraries(selectAvailability(libs, state.availability), state.order);
  const of = entryOf ?? ((lib: DirectoryLibrary) => buildLibraryEntry(lib, cfg, { list: true }));
  return {
    metadata: feedMetadata(cfg, FACET_TITLES[state.availability]),
    links: feedLinks(cfg, librariesFacetUrl(cfg, state)),
    facets: buildFacets(state, LIBRARIES_DEFAULT, (s) => librariesFacetUrl(cfg, s)),
    catalogs: listed.map(of),
  };
}

/** `/library/{uuid}`: a feed holding one entry, titled with the library's name. Any stage. */
/** A library's own document: its whole entry (the description unshortened). */
export function buildLibraryDocument(lib: DirectoryLibrary, cfg: DirectoryConfig, entryOf?: EntryOf): CatalogsFeed {
  return {
    metadata: feedMetadata(cfg, lib.info.title),
    links: feedLinks(cfg, libraryUrl(cfg, lib.id)),
    catalogs: [entryOf ? entryOf(lib) : buildLibraryEntry(lib, cfg)],
  };
}

export interface RootCounts {
  production: number;
  qa: number;
}

/**
 * The URL to give circulation manager admins. Our own rels for the two feeds are plain
 * `collection` links told apart by title and href (the reference URLs every app hard-codes);
 * the crawlable listing uses OPDS 1.2's `http://opds-spec.org/crawlable`.
 */
export function buildRootCatalog(cfg: DirectoryConfig, counts?: RootCounts): RootCatalog {
  const production: OpdsLink = withCount({ rel: REL.collection, href: librariesUrl(cfg), type: OPDS2, title: PRODUCTION_TITLE }, counts?.production);
  const qa: OpdsLink = withCount({ rel: REL.collection, href: librariesQaUrl(cfg), type: OPDS2, title: QA_TITLE }, counts?.qa);
  const crawlable: OpdsLink = {
    rel: REL.crawlable,
    href: crawlUrl(cfg, { offset: 0, availability: "production", order: "name" }),
    type: OPDS2,
    title: "Libraries, page by page",
  };
  const links: OpdsLink[] = [{ rel: REL.self, href: rootUrl(cfg), type: OPDS2 }];
  // The CM takes the first rel "register" and POSTs to it: only a live endpoint belongs here (§5).
  if (cfg.register_url) links.push({ rel: REL.register, href: cfg.register_url, type: OPDS2_DIRECTORY });
  links.push(production, qa, crawlable, searchLink(cfg, false), { rel: REL.libraryTemplate, href: libraryTemplateUrl(cfg), type: OPDS2, templated: true });
  return {
    metadata: feedMetadata(cfg, cfg.title),
    links,
    navigation: [production, qa, crawlable].map(({ rel: _rel, ...link }) => link),
  };
}

/** OPDS 2's `properties.numberOfItems` hint on a link, when the count is known. */
function withCount(link: OpdsLink, n: number | undefined): OpdsLink {
  return n === undefined ? link : { ...link, properties: { numberOfItems: n } };
}

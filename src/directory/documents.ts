// The shapes of the OPDS 2 documents the directory publishes (feeds.md §2–§4). Optional keys are
// left out, never set to null: Android's parser and iOS's strict decoding both trip on nulls.

export interface OpdsLink {
  href: string;
  /** Always one string: iOS and web-patron reject rel arrays. */
  rel?: string;
  type?: string;
  title?: string;
  templated?: boolean;
  /** OPDS link properties; the directory uses only `numberOfItems` (a count hint). */
  properties?: { numberOfItems?: number };
}

export interface CatalogEntry {
  metadata: {
    id: string;
    title: string;
    description?: string;
    updated: string;
    modified: string;
    /** The reference's display name of the library's single place ("Kings County, NY"). */
    "schema:areaServed"?: string;
    /** "12 km.": how far the asked-for point is, in answers to a location (and `distance`, the same). */
    "schema:distance"?: string;
    distance?: string;
  };
  links: OpdsLink[];
  images?: OpdsLink[];
}

export interface FeedMetadata {
  title: string;
  adobe_vendor_id?: string;
  numberOfItems?: number;
  itemsPerPage?: number;
}

/** A "catalogs" feed (OPDS 2 plus the catalogs role of opds-community/drafts PR #38). */
export interface CatalogsFeed {
  metadata: FeedMetadata;
  links: OpdsLink[];
  catalogs: CatalogEntry[];
}

/** The OPDS 2 root catalog: links plus a navigation collection, so the stock schema accepts it. */
export interface RootCatalog {
  metadata: FeedMetadata;
  links: OpdsLink[];
  navigation: OpdsLink[];
}

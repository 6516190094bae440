// Palace's facets (feeds.md §4) on /libraries and /libraries/crawlable: a "Sort by" group whose
// metadata `@type` is http://palaceproject.io/terms/rel/sort (the Palace web client finds the
// `order=modified` link there and refreshes incrementally; without it, it crawls everything every
// time) and an "Availability" group. The active value of each group carries rel "self".
import type { FacetGroup, FacetLink } from "./documents.ts";
import { OPDS2 } from "../opds/media-types.ts";
import { AVAILABILITIES, CRAWL_ORDERS, type Availability, type CrawlOrder } from "./urls.ts";

export const PALACE = {
  sort: "http://palaceproject.io/terms/rel/sort",
  availability: "http://palaceproject.io/terms/rel/availability",
  param: "http://palaceproject.io/terms/facet/param",
  value: "http://palaceproject.io/terms/facet/value",
  group: "http://palaceproject.io/terms/facet/group",
  isDefault: "http://palaceproject.io/terms/properties/default",
} as const;

const ORDER_TITLES: Record<CrawlOrder, string> = {
  name: "Name (A–Z)",
  "name-desc": "Name (Z–A)",
  modified: "Recently changed first",
  "modified-asc": "Least recently changed first",
};
const AVAILABILITY_TITLES: Record<Availability, string> = {
  production: "In production",
  hidden: "In testing",
  all: "All",
};

export interface FacetState {
  availability: Availability;
  order: CrawlOrder;
}

/**
 * The two facet groups for the listing at `active`. `hrefOf` builds the URL of another
 * combination (the same listing: /libraries, or page one of /libraries/crawlable); `defaults` are
 * that listing's defaults (marked with Palace's default property).
 */
export function buildFacets(active: FacetState, defaults: FacetState, hrefOf: (state: FacetState) => string): FacetGroup[] {
  const link = (state: FacetState, title: string, value: string, isActive: boolean, isDefault: boolean, group?: string): FacetLink => {
    const properties: Record<string, string | boolean> = { [PALACE.value]: value };
    if (group) properties[PALACE.group] = group;
    if (isDefault) properties[PALACE.isDefault] = true;
    return { ...(isActive ? { rel: "self" } : {}), href: hrefOf(state), title, type: OPDS2, properties };
  };
  return [
    {
      metadata: { title: "Sort by", "@type": PALACE.sort, [PALACE.param]: "order" },
      links: CRAWL_ORDERS.map((order) =>
        link({ ...active, order }, ORDER_TITLES[order], order, order === active.order, order === defaults.order, order.startsWith("modified") ? "modified" : "name"),
      ),
    },
    {
      metadata: { title: "Availability", "@type": PALACE.availability, [PALACE.param]: "availability" },
      links: AVAILABILITIES.map((availability) =>
        link({ ...active, availability }, AVAILABILITY_TITLES[availability], availability, availability === active.availability, availability === defaults.availability),
      ),
    },
  ];
}

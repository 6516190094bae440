// Libraries serving places of different sizes (a ZIP code, a city, a county, a state, a GeoJSON
// area from ../shared/fixtures/places), for place search: a ZIP, a town, a county or a state finds
// the libraries whose area holds it, the most local first. Shared by the search, serve, worker
// and browser tests. Without the shared fixtures the GeoJSON library is left out.
import type { NamedLibrary } from "./search-libraries.ts";
import { HAVE_SHARED, sharedJson } from "./shared.ts";

export const PLACE_SEARCH_LIBRARIES: NamedLibrary[] = [
  { slug: "kern", title: "Kern County Library", service_area: { US: ["Kern County, CA"] }, description: "Every branch in the county." },
  { slug: "bakersfield", title: "Bakersfield City Library", service_area: { US: ["Bakersfield, CA"] } },
  { slug: "arvin", title: "Arvin Branch", service_area: { US: ["93203"] } },
  { slug: "golden", title: "Golden State eBooks", service_area: { US: ["California"] } },
  { slug: "tehachapi", title: "Tehachapi Testing Library", service_area: { US: ["Kern County, CA"] }, registry_stage: "testing" },
  { slug: "sunflower", title: "Sunflower State Library", service_area: { US: ["KS"] } },
  { slug: "lawrence", title: "Lawrence Public Library", service_area: { US: ["Lawrence, KS"] } },
  { slug: "empire", title: "Empire State eBooks", service_area: { US: ["New York"] } },
  ...(HAVE_SHARED ? [{ slug: "brooklyn-area", title: "Brooklyn Area Library", service_area: sharedJson("places/crude_kings_county_geojson.json") }] : []),
];

/** A ZIP code of Cheyenne, WY: no library above serves Wyoming, or the nation. */
export const UNSERVED_ZIP = "82001";

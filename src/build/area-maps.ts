// The small map on each library's page: its service area resolved by the places gazetteer
// (src/geo, shared with the registration checks) and drawn as SVG. Libraries share areas, so
// the most recently drawn areas are kept: at most MAPS_KEPT of them (about 3.4 KB each), where
// keeping every one held 34 MB through a 10,000-library render for the few that repeat.
import type { DirectoryLibrary } from "../directory/types.ts";
import { drawAreaMap } from "../directory/web/area-map.ts";
import { libraryPlaces } from "../registry/places.ts";
import { geometryOf, resolvePlace, type Place } from "../geo/index.ts";

const drawn = new Map<string, string | undefined>();
export const MAPS_KEPT = 1000;
/** How many drawn maps are kept now. */
export const areaMapsKept = () => drawn.size;

export function serviceAreaMap(lib: DirectoryLibrary): string | undefined {
  const key = JSON.stringify(lib.info.service_area ?? null);
  if (drawn.has(key)) {
    const svg = drawn.get(key);
    // most recently used last: the first key is the one to forget
    drawn.delete(key);
    drawn.set(key, svg);
    return svg;
  }
  const places = libraryPlaces({ service_area: lib.info.service_area, focus_area: undefined }).eligibility;
  const local = places.filter((p) => p.kind !== "everywhere" && p.kind !== "nation");
  let svg: string | undefined;
  try {
    svg = drawAreaMap(local.map(geometryOf), "Map of the area the library serves", statesAround(local).map(geometryOf));
  } catch {
    svg = undefined; // a map is a nicety: a geometry the drawer cannot read leaves the page without one
  }
  drawn.set(key, svg);
  if (drawn.size > MAPS_KEPT) drawn.delete(drawn.keys().next().value!);
  return svg;
}

/** The US states the area's towns, ZIP codes and counties lie in (not the states it serves whole). */
function statesAround(places: readonly Place[]): Place[] {
  const codes = new Set(places.filter((p) => p.nation === "US" && p.state && p.kind !== "state").map((p) => p.state!));
  const states: Place[] = [];
  for (const code of [...codes].slice(0, 4)) {
    const r = resolvePlace(code, { within: "US" });
    if (r.status === "resolved" && r.place.kind === "state") states.push(r.place);
  }
  return states;
}

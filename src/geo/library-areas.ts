// A library's two areas (extensions.md §3.6): `service_area` (eligibility: where it serves) and
// `focus_area` (where it concentrates; absent means the same as the service area), resolved.
import type { Place } from "./place.ts";
import { resolveArea, type AreaOptions, type Unresolved } from "./area.ts";

export interface LibraryPlaces {
  /** Places of the service area ([] when it says nothing). */
  eligibility: Place[];
  /** Places of the focus area: the service area's when the document gives no focus area. */
  focus: Place[];
  /** True when neither area says anything (absent or empty). */
  noInformation: boolean;
  /** Names that did not resolve, with their candidates, each marked with its member. */
  unresolved: (Unresolved & { member: "service_area" | "focus_area" })[];
}

const memo = new Map<string, LibraryPlaces>();

/**
 * The same, remembered per distinct pair of values: thousands of libraries share a few shapes,
 * and the build, the registration and the report all ask. Treat the answer as read-only.
 */
export function libraryAreasOf(serviceArea: unknown, focusArea: unknown): LibraryPlaces {
  const key = JSON.stringify([serviceArea ?? null, focusArea ?? null]);
  let places = memo.get(key);
  if (!places) {
    places = resolveLibraryAreas(serviceArea, focusArea);
    if (memo.size > 50_000) memo.clear();
    memo.set(key, places);
  }
  return places;
}

export function resolveLibraryAreas(serviceArea: unknown, focusArea: unknown, opts: AreaOptions = {}): LibraryPlaces {
  const service = resolveArea(serviceArea, opts);
  const focus = resolveArea(focusArea, opts);
  return {
    eligibility: service.places,
    focus: focus.noInformation ? service.places : focus.places,
    noInformation: service.noInformation && focus.noInformation,
    unresolved: [
      ...service.unresolved.map((u) => ({ ...u, member: "service_area" as const })),
      ...focus.unresolved.map((u) => ({ ...u, member: "focus_area" as const })),
    ],
  };
}

/**
 * The reference's `schema:areaServed`: the display name of the single focus place, else of the
 * single eligibility place; none for "everywhere" or several places.
 */
export function areaServed(p: LibraryPlaces): string | undefined {
  const one = p.focus.length === 1 ? p.focus[0] : p.eligibility.length === 1 ? p.eligibility[0] : undefined;
  return one && one.kind !== "everywhere" ? one.name : undefined;
}

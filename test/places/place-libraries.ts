// Libraries with real service areas, built offline from snapshots: shared by the places tests of
// the build, `registry serve` and the Cloudflare worker.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { snapshotEntryYaml, snapshotUuid } from "../support/snapshot-libraries.ts";

export interface PlaceLibrary {
  index: number;
  title: string;
  service_area?: unknown;
  focus_area?: unknown;
  stage?: "production" | "testing";
}

export const PLACE_LIBRARIES: PlaceLibrary[] = [
  { index: 1, title: "Brooklyn Public Library", service_area: { US: ["Kings County, NY"] } },
  { index: 2, title: "New York State Library", service_area: { US: ["NY"] } },
  { index: 3, title: "New York Public Library", service_area: { US: ["NY"] }, focus_area: { US: ["Bronx County, NY", "New York County, NY", "Richmond County, NY"] } },
  { index: 4, title: "Kansas State Library", service_area: { US: ["Kansas"] } },
  { index: 5, title: "Lawrence Public Library", service_area: { US: ["Lawrence, KS"] } },
  { index: 6, title: "Global Online Library", service_area: "everywhere" },
  { index: 7, title: "Queens Library", service_area: { US: ["Queens County, NY"] } },
  { index: 8, title: "ZIP 11212 Library", service_area: { US: ["11212"] } },
  { index: 9, title: "United States Digital Library", service_area: { US: "everywhere" } },
  { index: 10, title: "Springfield Library", service_area: { US: ["Springfield", "Nowheresville", "Springfield, IL"] } },
  { index: 11, title: "Testing Library of Brooklyn", service_area: { US: ["Brooklyn, NY"] }, stage: "testing" },
  { index: 12, title: "Library With No Area" },
];

export const placeUuid = (i: number) => snapshotUuid(i);

/** Writes the libraries with their areas into `dir/libraries`. */
export function writePlaceLibraries(dir: string, libs = PLACE_LIBRARIES): void {
  mkdirSync(join(dir, "libraries"), { recursive: true });
  for (const lib of libs) {
    let yaml = snapshotEntryYaml({ index: lib.index, registry_stage: lib.stage ?? "production", updated: "2026-02-01T00:00:00Z", title: lib.title });
    if (lib.service_area !== undefined) yaml += `  service_area: ${JSON.stringify(lib.service_area)}\n`;
    if (lib.focus_area !== undefined) yaml += `  focus_area: ${JSON.stringify(lib.focus_area)}\n`;
    writeFileSync(join(dir, "libraries", `lib-${lib.index}.yaml`), yaml);
  }
}

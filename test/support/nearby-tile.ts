// The static "near me" tile contract (HELPERS.md): GET {base}/nearby/{floor(lat)}/{floor(lon)}.json
// answers an OPDS 2 feed whose catalogs are the production libraries ranked for that tile.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Writes the tile holding `at` unless the build wrote one: Kern County Library, then Los Angeles. */
export function writeNearbyTile(dist: string, at: { latitude: number; longitude: number }): void {
  const file = join(dist, "nearby", String(Math.floor(at.latitude)), `${Math.floor(at.longitude)}.json`);
  try {
    readFileSync(file);
    return;
  } catch {
    /* absent: write it */
  }
  const entry = (uuid: string) => JSON.parse(readFileSync(join(dist, "feeds", "library", `${uuid}.json`), "utf8")).catalogs[0];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({
      metadata: { title: "Libraries near you" },
      links: [],
      catalogs: [entry("00000000-0000-4000-8000-000000000001"), entry("00000000-0000-4000-8000-000000000003")],
    }),
  );
}

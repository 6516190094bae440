// A built directory for the tests of what a browser gets at each door (registry serve, nginx, the
// Cloudflare worker): 30 libraries from snapshots (pages of 20), one of them placed in Springfield,
// IL with a name that must be escaped, so its "near me" tile holds a library, and one for everyone.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { snapshotEntryYaml, snapshotUuid, writeSnapshotLibraries } from "./snapshot-libraries.ts";

/** Navigation requests of the browsers people use: both list text/html first. */
export const CHROME_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
export const FIREFOX_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
export const BROWSER_ACCEPTS = [CHROME_ACCEPT, FIREFOX_ACCEPT];
/** What apps send: none, a wildcard, OPDS, JSON. */
export const APP_ACCEPTS = [undefined, "*/*", "application/opds+json", "application/json"];

export const PLACED = 7;
export const PLACED_NAME = `Tom & Jerry's <Library>`;
/** Springfield, IL (39.8, -89.6): its 1° tile. */
export const PLACED_TILE = "/nearby/39/-90.json";

/** The feed URLs an app asks for, each with the file of dist/ it must get byte for byte. */
export function appFeedPaths(uuid: string): [string, string][] {
  return [
    ["/libraries", "feeds/libraries/production-name.json"],
    ["/libraries?availability=all", "feeds/libraries/all-name.json"],
    ["/libraries/qa", "feeds/libraries-qa.json"],
    ["/libraries/crawlable", "feeds/crawl/production-modified-0.json"],
    [`/library/${uuid}`, `feeds/library/${uuid}.json`],
    [`/library/urn:uuid:${uuid}`, `feeds/library/${uuid}.json`],
    [PLACED_TILE, PLACED_TILE.slice(1)],
    ["/nearby/10/-30.json", "nearby/empty.json"],
  ];
}

export async function buildBrowserDirectory(baseUrl: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), "browser-pages-"));
  writeSnapshotLibraries(work, 30);
  writeFileSync(
    join(work, "libraries", `lib-${PLACED}.yaml`),
    snapshotEntryYaml({ index: PLACED, registry_stage: "production", updated: "2026-01-08T00:00:00Z", title: JSON.stringify(PLACED_NAME), service_area: '{US: ["Springfield, IL"]}' }),
  );
  // a library for everyone: every tile's `next` page lists it
  writeFileSync(join(work, "libraries", "lib-8.yaml"), snapshotEntryYaml({ index: 8, registry_stage: "production", updated: "2026-01-09T00:00:00Z", service_area: "everywhere" }));
  const cfg = withDefaults({ title: "Browser Test Registry", base_url: baseUrl, page_size: 20 }, work, null);
  const built = await buildDirectory({ config: cfg, offline: true });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  return cfg.out_dir;
}

export const placedUuid = snapshotUuid(PLACED);

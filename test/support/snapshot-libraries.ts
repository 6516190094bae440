// Directories of many libraries built offline from snapshots, and the Palace Android crawl over
// any host: shared by the tests of the route table's three hosts (serve, nginx, Cloudflare).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertLogo } from "../../src/registry/logo-image.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";

export const snapshotUuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

export interface SnapshotLibrary {
  index: number;
  registry_stage: "testing" | "production" | "cancelled";
  updated: string;
  title?: string;
  help?: string[];
  /** A converted logo's hash (its file is libraries/logos/<hash>.png, see writeSnapshotLogo). */
  logo_png?: string;
  /** The snapshot's service_area, as YAML ("{US: [\"Springfield, IL\"]}"). */
  service_area?: string;
}

/** One entry with a validated snapshot: a build lists it with `offline: true`, fetching nothing. */
export function snapshotEntryYaml(lib: SnapshotLibrary): string {
  const i = lib.index;
  const url = `https://lib${i}.example/auth`;
  return [
    `id: urn:uuid:${snapshotUuid(i)}`,
    `url: ${url}`,
    "library_stage: production",
    `registry_stage: ${lib.registry_stage}`,
    `updated: ${lib.updated}`,
    "snapshot:",
    `  validated: ${lib.updated}`,
    `  id: ${url}`,
    `  title: ${lib.title ?? `Library ${i}`}`,
    `  start: {href: "https://lib${i}.example/", type: "${ATOM}"}`,
    `  help: ${JSON.stringify(lib.help ?? [])}`,
    "  copyright_agent: []",
    "  anonymous_access: false",
    "  audiences: [public]",
    ...(lib.logo_png ? [`  logo_png: ${lib.logo_png}`] : []),
    ...(lib.service_area ? [`  service_area: ${lib.service_area}`] : []),
    "",
  ].join("\n");
}

/** A small real PNG, converted as the build converts logos, stored where snapshots find it. */
export async function writeSnapshotLogo(dir: string, rgb: [number, number, number] = [200, 40, 40]): Promise<string> {
  const sharp = (await import("sharp")).default;
  const source = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
  const converted = await convertLogo(source);
  if (!converted.ok) throw new Error(converted.reason);
  mkdirSync(join(dir, "libraries", "logos"), { recursive: true });
  writeFileSync(join(dir, "libraries", "logos", `${converted.hash}.png`), converted.png);
  return converted.hash;
}

/** Writes libraries 1…count into `dir/libraries`; every fifth awaits approval (testing). */
export function writeSnapshotLibraries(dir: string, count: number): void {
  mkdirSync(join(dir, "libraries"), { recursive: true });
  for (let i = 1; i <= count; i++) {
    const updated = `2026-01-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z`;
    writeFileSync(join(dir, "libraries", `lib-${i}.yaml`), snapshotEntryYaml({ index: i, registry_stage: i % 5 === 0 ? "testing" : "production", updated }));
  }
}

/** Palace Android: raise `offset` by what was received until a page is empty. Returns the ids seen. */
export async function androidCrawl(getPage: (offset: number) => Promise<{ catalogs: { metadata: { id: string } }[] }>, maxPages = 20): Promise<string[]> {
  const seen: string[] = [];
  for (let offset = 0, pages = 0; pages < maxPages; pages++) {
    const page = await getPage(offset);
    if (page.catalogs.length === 0) return seen;
    seen.push(...page.catalogs.map((c) => c.metadata.id));
    offset += page.catalogs.length;
  }
  throw new Error(`the crawl did not end within ${maxPages} pages`);
}

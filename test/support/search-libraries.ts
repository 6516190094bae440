// A small directory of named libraries with service areas and descriptions, as entries with
// validated snapshots (built offline, nothing fetched): the search and web page tests share it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { DirectoryLibrary, Stage } from "../../src/directory/types.ts";

export interface NamedLibrary {
  slug: string;
  title: string;
  service_area?: unknown;
  description?: string;
  registry_stage?: Stage;
  short_name?: string;
  website?: string;
  help?: string[];
}

export const uuidFor = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;

export const NAMED_LIBRARIES: NamedLibrary[] = [
  { slug: "kern", title: "Kern County Library", service_area: { US: ["Kern County, CA"] }, description: "Serving Bakersfield and all of Kern County." },
  { slug: "springfield", title: "Springfield Public Library", service_area: { US: ["Springfield, IL"] }, description: "E-books and audiobooks for Springfield residents.", short_name: "SPRING", website: "https://springfield.example/", help: ["mailto:help@springfield.example"] },
  { slug: "lapl", title: "Los Angeles Public Library", service_area: { US: ["Los Angeles, CA", "90001", "90002"] }, description: "The library of the city of Los Angeles." },
  { slug: "queens", title: "Queens Public Library", service_area: { US: ["Queens, NY"] }, description: "Queens borough.", registry_stage: "testing" },
  { slug: "shelbyville", title: "Shelbyville Library", service_area: { US: ["Shelbyville, IL", "62565"] }, description: "Local history and genealogy collections." },
  { slug: "gone", title: "Cancelled Library", service_area: { US: ["Nowhere, KS"] }, registry_stage: "cancelled" },
];

/** `count` more libraries all serving one city, so bucket limits can be seen. */
export function fillerLibraries(count: number, city = "Ogdenville, OR"): NamedLibrary[] {
  return Array.from({ length: count }, (_, i) => ({ slug: `ogden-${i}`, title: `Ogdenville Branch ${i}`, service_area: { US: [city] } }));
}

export function entryOf(lib: NamedLibrary, i: number): Record<string, unknown> {
  const url = `https://${lib.slug}.example/auth`;
  const snapshot: Record<string, unknown> = {
    validated: "2026-01-02T00:00:00Z",
    id: url,
    title: lib.title,
    start: { href: `https://${lib.slug}.example/`, type: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
    help: lib.help ?? [],
    copyright_agent: [],
    anonymous_access: false,
    audiences: ["public"],
  };
  if (lib.description) snapshot.description = lib.description;
  if (lib.website) snapshot.website = lib.website;
  if (lib.service_area) snapshot.service_area = lib.service_area;
  const entry: Record<string, unknown> = {
    id: `urn:uuid:${uuidFor(i)}`,
    url,
    library_stage: "production",
    registry_stage: lib.registry_stage ?? "production",
    updated: "2026-01-02T00:00:00Z",
  };
  if (lib.short_name) entry.short_name = lib.short_name;
  entry.snapshot = snapshot;
  return entry;
}

export function writeNamedLibraries(dir: string, libs: NamedLibrary[] = NAMED_LIBRARIES): void {
  mkdirSync(join(dir, "libraries"), { recursive: true });
  libs.forEach((lib, i) => writeFileSync(join(dir, "libraries", `${lib.slug}.yaml`), stringify(entryOf(lib, i))));
}

/** The same libraries as the pure builders take them. */
export function namedDirectoryLibraries(libs: NamedLibrary[] = NAMED_LIBRARIES): DirectoryLibrary[] {
  return libs.map((lib, i) => {
    const e = entryOf(lib, i) as any;
    const { validated: _v, ...info } = e.snapshot;
    const out: DirectoryLibrary = { id: e.id, slug: lib.slug, url: e.url, library_stage: "production", registry_stage: e.registry_stage, updated: e.updated, info };
    if (lib.short_name) out.short_name = lib.short_name;
    return out;
  });
}

// Synthetic libraries for the bench: deterministic, so every run measures the same work.
import type { SampleLibrary, Flavor } from "../demo/sample-libraries.ts";

const FLAVORS: Flavor[] = ["opds1", "opds1", "opds2", "anonymous"];
const WORDS = ["Springfield", "Shelbyville", "Ogdenville", "North Haverbrook", "Capital City", "Brockway", "Cypress Creek", "Waverly Hills"];

export function syntheticSlug(i: number): string {
  return `lib-${String(i).padStart(5, "0")}`;
}

export function syntheticLibrary(i: number): SampleLibrary {
  return {
    slug: syntheticSlug(i),
    title: `${WORDS[i % WORDS.length]} Library ${i}`,
    flavor: FLAVORS[i % FLAVORS.length],
    description: `Synthetic library number ${i} for the registry benchmark.`,
  };
}

export function syntheticIndex(slug: string): number | undefined {
  const m = /^lib-(\d{5})$/.exec(slug);
  return m ? Number(m[1]) : undefined;
}

export function syntheticEntryYaml(i: number, base: string): string {
  const hex = i.toString(16).padStart(12, "0");
  return [
    `id: urn:uuid:00000000-0000-4000-8000-${hex}`,
    `url: ${base}/${syntheticSlug(i)}/authentication_document`,
    `library_stage: production`,
    `registry_stage: ${i % 10 === 0 ? "testing" : "production"}`,
    `created: 2026-01-01T00:00:00Z`,
    `updated: 2026-01-01T00:00:00Z`,
    "",
  ].join("\n");
}

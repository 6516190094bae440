// Synthetic libraries for the bench, shaped like real ones: a name from a real US place, a
// description of realistic length, real service areas (cities, counties, states, ZIP codes, a few
// "everywhere"), a 135×135 logo of 10–20 KB (some JPEG, some by URL) and a public key on about a
// third. Deterministic: library i is the same in every process and every run.
//
// One exported function per kind of data, so that other measurements can add theirs on top (or
// reuse one) without touching the rest: syntheticTitle, syntheticDescription,
// syntheticServiceArea, syntheticFocusArea, syntheticLogoKind (synthetic-logo.ts),
// syntheticHasPublicKey, syntheticStages.
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Flavor, SampleLibrary } from "../demo/sample-libraries.ts";
import { loadUsPlaces, type UsCity, type UsPlaces } from "./us-places.ts";
import { pick, pickSkewed, syntheticRandom } from "./random.ts";
import { logoMediaType, readSyntheticLogo, syntheticLogoKind, writeSyntheticLogos } from "./synthetic-logo.ts";

const FLAVORS: Flavor[] = ["opds1", "opds1", "opds2", "anonymous"];

/** What every process of a bench run shares: the places, the logo files, the public keys. */
export interface SyntheticWorld {
  places: UsPlaces;
  logoDir: string;
  publicKeys: string[];
}

const KEY_POOL = 8;

/**
 * Prepares a bench work folder for n libraries (logos drawn, public keys made) and returns the
 * world. Children of the same run call it again with the same folder: the files are reused.
 */
export async function prepareSyntheticWorld(work: string, n: number): Promise<SyntheticWorld> {
  // Not "logos": that is the build's own conversion folder beside its cache.
  const logoDir = join(work, "source-logos");
  await writeSyntheticLogos(logoDir, n);
  const keysFile = join(work, "public-keys.json");
  if (!existsSync(keysFile)) {
    mkdirSync(work, { recursive: true });
    // A few distinct RSA keys shared round robin: what the build does with a key does not depend
    // on which key it is, and making 3,000 keys would dominate the setup.
    const keys = Array.from({ length: KEY_POOL }, () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } }).publicKey);
    writeFileSync(keysFile, JSON.stringify(keys));
  }
  return { places: loadUsPlaces(), logoDir, publicKeys: JSON.parse(readFileSync(keysFile, "utf8")) };
}

export function syntheticSlug(i: number): string {
  return `lib-${String(i).padStart(5, "0")}`;
}

export function syntheticIndex(slug: string): number | undefined {
  const m = /^lib-(\d{5})$/.exec(slug);
  return m ? Number(m[1]) : undefined;
}

/** Where library i is: a real US city, larger cities more often. */
export function syntheticHomeCity(i: number, places: UsPlaces): UsCity {
  return pickSkewed(syntheticRandom(i, "home"), places.cities);
}

export function syntheticTitle(i: number, places: UsPlaces): string {
  const r = syntheticRandom(i, "title");
  const city = syntheticHomeCity(i, places);
  const state = places.states.find((s) => s.abbr === city.state)!;
  const counties = countiesOf(places, city.state);
  const county = counties.length ? pick(r, counties) : undefined;
  const shapes = [
    () => `${city.name} Public Library`,
    () => `${city.name} Public Library`,
    () => `${city.name} Free Library`,
    () => `${city.name} Library`,
    () => (county ? `${county} Library System` : `${city.name} Library System`),
    () => `${city.name} Area Regional Library District`,
    () => `${state.name} State Library Digital Collection`,
    () => `Friends of the ${city.name} Library`,
  ];
  return pick(r, shapes)();
}

const SENTENCES = [
  (t: string, where: string) => `${t} serves the residents of ${where} with e-books, audiobooks, digital magazines and streaming video, free with a library card.`,
  () => `Sign in with your library card number and PIN to borrow up to 10 titles at a time for 14 or 21 days; titles return themselves, so there are never late fees.`,
  () => `New to the library? Apply for a free card online or at any of our branches and start reading the same day.`,
  () => `The collection includes current bestsellers, children's picture books, young adult fiction, language learning, local history and a growing shelf of titles in Spanish, Chinese and Vietnamese.`,
  () => `Holds are filled in the order they are placed, and the app tells you when a title is ready to borrow.`,
  () => `Students can use their school ID through our partnership with the public schools.`,
  () => `Questions about your account or the app? Our staff answer at the help link, Monday through Saturday.`,
  () => `Large-print and dyslexia-friendly fonts are available in the reader settings for every e-book.`,
  () => `This service is supported by the county library levy and by a grant from the state library.`,
];

/** 2–6 sentences: about 150–700 characters, as real `service_description`s are. */
export function syntheticDescription(i: number, places: UsPlaces): string {
  const r = syntheticRandom(i, "description");
  const city = syntheticHomeCity(i, places);
  const count = 2 + Math.floor(r() * 5);
  const rest = SENTENCES.slice(1);
  const chosen = [SENTENCES[0](syntheticTitle(i, places), `${city.name}, ${city.state}`)];
  let k = Math.floor(r() * rest.length);
  for (let s = 1; s < count; s++) chosen.push(rest[(k += 1 + Math.floor(r() * 2)) % rest.length]("", ""));
  return chosen.join(" ");
}

function countiesOf(places: UsPlaces, state: string): string[] {
  return places.countiesByState.get(state) ?? [];
}

function citiesNear(places: UsPlaces, city: UsCity, r: () => number, count: number): string[] {
  const same = (places.citiesByState.get(city.state) ?? []).filter((c) => c !== city && Math.abs(c.lat - city.lat) < 0.6 && Math.abs(c.lon - city.lon) < 0.6);
  const out = [`${city.name}, ${city.state}`];
  for (let k = 1; k < count && same.length; k++) out.push(`${pick(r, same).name}, ${city.state}`);
  return [...new Set(out)];
}

function zipsNear(places: UsPlaces, city: UsCity, r: () => number, count: number): string[] {
  const near = zipIndex(places).get(cell(city.lat, city.lon)) ?? [];
  if (!near.length) return [];
  return [...new Set(Array.from({ length: count }, () => pick(r, near)))];
}

const cell = (lat: number, lon: number) => `${Math.floor(lat * 2)},${Math.floor(lon * 2)}`;
let zipCells: Map<string, string[]> | undefined;
function zipIndex(places: UsPlaces): Map<string, string[]> {
  if (!zipCells) {
    zipCells = new Map();
    for (const z of places.zipPoints) {
      const key = cell(z.lat, z.lon);
      const list = zipCells.get(key);
      if (list) list.push(z.zip);
      else zipCells.set(key, [z.zip]);
    }
  }
  return zipCells;
}

/**
 * A realistic mix of the forms libraries publish (extensions.md §3.6): "City, ST" (one to three
 * nearby), "X County, ST", a state abbreviation or name, ZIP codes, combinations of those, and a
 * few "everywhere" / `{"US": "everywhere"}` / `{"US": "Kansas"}` (a bare string).
 */
export function syntheticServiceArea(i: number, places: UsPlaces): unknown {
  const r = syntheticRandom(i, "service_area");
  const city = syntheticHomeCity(i, places);
  const state = places.states.find((s) => s.abbr === city.state)!;
  const counties = countiesOf(places, city.state);
  const county = () => `${pick(r, counties)}, ${city.state}`;
  const roll = r();
  if (roll < 0.35) return { US: citiesNear(places, city, r, 1 + Math.floor(r() * 3)) };
  if (roll < 0.55 && counties.length) return { US: [...new Set([county(), ...(r() < 0.3 ? [county()] : [])])] };
  if (roll < 0.65 && counties.length) return { US: [...citiesNear(places, city, r, 1), county()] };
  if (roll < 0.73) return { US: [state.abbr] };
  if (roll < 0.77) return { US: [state.name] };
  if (roll < 0.89) {
    const zips = zipsNear(places, city, r, 1 + Math.floor(r() * 6));
    return { US: zips.length ? zips : [state.abbr] };
  }
  if (roll < 0.94) return { US: [...citiesNear(places, city, r, 1), ...zipsNear(places, city, r, 2)] };
  if (roll < 0.97) return "everywhere";
  if (roll < 0.99) return { US: "everywhere" };
  return { US: state.name };
}

/** About one library in seven names a narrower focus area than its service area. */
export function syntheticFocusArea(i: number, places: UsPlaces): unknown | undefined {
  const r = syntheticRandom(i, "focus_area");
  if (r() >= 1 / 7) return undefined;
  const city = syntheticHomeCity(i, places);
  return { US: [`${city.name}, ${city.state}`] };
}

/** About a third of libraries publish a public key (they want a short name and a secret). */
export function syntheticHasPublicKey(i: number): boolean {
  return i % 3 === 0;
}

/** Stages as in a live directory: most approved, one in ten awaiting approval. */
export function syntheticStages(i: number): { library_stage: "production"; registry_stage: "testing" | "production" } {
  return { library_stage: "production", registry_stage: i % 10 === 0 ? "testing" : "production" };
}

export function syntheticLibrary(i: number, world: SyntheticWorld): SampleLibrary {
  const kind = syntheticLogoKind(i);
  return {
    slug: syntheticSlug(i),
    title: syntheticTitle(i, world.places),
    flavor: FLAVORS[i % FLAVORS.length],
    description: syntheticDescription(i, world.places),
    serviceArea: syntheticServiceArea(i, world.places),
    focusArea: syntheticFocusArea(i, world.places),
    publicKeyPem: syntheticHasPublicKey(i) ? world.publicKeys[i % world.publicKeys.length] : undefined,
    logo: { type: logoMediaType(kind), byUrl: kind.byUrl, bytes: () => readSyntheticLogo(world.logoDir, i) },
  };
}

export function syntheticEntryYaml(i: number, base: string): string {
  const hex = i.toString(16).padStart(12, "0");
  const stages = syntheticStages(i);
  return [
    `id: urn:uuid:00000000-0000-4000-8000-${hex}`,
    `url: ${base}/${syntheticSlug(i)}/authentication_document`,
    `library_stage: ${stages.library_stage}`,
    `registry_stage: ${stages.registry_stage}`,
    `created: 2026-01-01T00:00:00Z`,
    `updated: 2026-01-01T00:00:00Z`,
    "",
  ].join("\n");
}

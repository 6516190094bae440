// The search part of `registry bench` alone, at any size, in a couple of minutes: N synthetic
// libraries as the build would list them (titles, descriptions and service areas from
// synthetic.ts; no logos, no fetching, no Eleventy), their search index built in memory, then the
// same figures as the bench's (search-figures.ts) and the time the index and the places table
// take to build. Run as: node --import tsx src/bench/search-only.ts [N]
import { loadUsPlaces } from "./us-places.ts";
import { syntheticDescription, syntheticFocusArea, syntheticServiceArea, syntheticStages, syntheticTitle } from "./synthetic.ts";
import { buildSearchIndex } from "../directory/search/index-file.ts";
import { buildPlaceTables } from "../directory/search/place-containment.ts";
import { placesOf } from "../directory/places.ts";
import { isListedInQa, type DirectoryLibrary } from "../directory/types.ts";
import { sortByTitle } from "../directory/order.ts";
import { searchFigures } from "./search-figures.ts";

const n = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(n) || n < 1) throw new Error("usage: search-only.ts [number of libraries]");
const places = loadUsPlaces();
const libs: DirectoryLibrary[] = Array.from({ length: n }, (_, i) => ({
  id: `urn:uuid:00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
  slug: `lib-${String(i).padStart(5, "0")}`,
  url: `https://lib-${i}.example/authentication_document`,
  ...syntheticStages(i),
  updated: "2026-01-01T00:00:00Z",
  info: { title: syntheticTitle(i, places), description: syntheticDescription(i, places), service_area: syntheticServiceArea(i, places), focus_area: syntheticFocusArea(i, places) },
})) as DirectoryLibrary[];
const cfg = { title: "Bench", base_url: "https://registry.example", page_size: 100 } as never;

let t = performance.now();
const listed = sortByTitle(libs.filter(isListedInQa));
for (const lib of listed) placesOf(lib); // resolved once per build, shared with "near me"
const resolveMs = performance.now() - t;
t = performance.now();
const built = buildSearchIndex(libs, cfg);
const buildMs = performance.now() - t;
t = performance.now();
buildPlaceTables(listed.map(placesOf));
const placesBuildMs = performance.now() - t;
const f = searchFigures({ index: JSON.stringify(built.names), descriptions: JSON.stringify(built.descriptions), places: JSON.stringify(built.places) });
const kb = (b: number) => `${(b / 1000).toFixed(0)} KB`;
console.log(`search at ${n} libraries (${listed.length} listed in QA); areas resolved in ${(resolveMs / 1000).toFixed(2)} s (shared with the rest of the build)`);
console.log(`  index built in ${(buildMs / 1000).toFixed(2)} s, of which the places table ${(placesBuildMs / 1000).toFixed(2)} s`);
console.log(`  search/index.json ${kb(f.index.bytes)} (${kb(f.index.gzipped)} gzipped), loaded in ${f.index.loadMs.toFixed(0)} ms`);
console.log(`  search/places.json ${kb(f.places.bytes)} (${kb(f.places.gzipped)} gzipped), loaded in ${f.places.loadMs.toFixed(0)} ms`);
console.log(`    the page fetches instead search/places/index.json ${kb(f.placesPage.index.bytes)} (${kb(f.placesPage.index.gzipped)} gzipped) and one state's file: ${f.placesPage.shards} states, ${kb(f.placesPage.averageGzipped)} gzipped on average, largest ${f.placesPage.largest.state}.json ${kb(f.placesPage.largest.bytes)} (${kb(f.placesPage.largest.gzipped)} gzipped)`);
console.log(`  search/descriptions.json ${kb(f.descriptions.bytes)} (${kb(f.descriptions.gzipped)} gzipped), loaded in ${f.descriptions.loadMs.toFixed(0)} ms`);
console.log(`  ${f.query.count} queries: median ${f.query.medianMs.toFixed(2)} ms, p95 ${f.query.p95Ms.toFixed(2)} ms (median ≤ 5 ms: ${f.query.medianMs <= 5 ? "met" : "NOT MET"})`);
console.log(`  of which ${f.placeQuery.count} place queries: median ${f.placeQuery.medianMs.toFixed(2)} ms, p95 ${f.placeQuery.p95Ms.toFixed(2)} ms`);

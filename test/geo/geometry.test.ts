// Geometry shortcuts checked against the measurement they stand for.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { distanceToRingsKm, kmPerDegree, ringsWithinKm, type LonLat, type PolygonRings } from "../../src/geo/geometry.ts";

// a small deterministic generator (mulberry32)
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A star-shaped ring of 3–40 vertices around (lon, lat), up to `size` degrees across, with a hole in one in three. */
function polygon(r: () => number, lon: number, lat: number, size: number): PolygonRings {
  const ring = (scale: number) => {
    const n = 3 + Math.floor(r() * 38);
    const pts = Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      const d = scale * size * (0.2 + r() * 0.8);
      return [lon + d * Math.cos(a), Math.max(-89.9, Math.min(89.9, lat + d * Math.sin(a)))];
    });
    return [...pts, pts[0]];
  };
  return r() < 1 / 3 ? [ring(1), ring(0.1)] : [ring(1)];
}

test("ringsWithinKm answers as distanceToRingsKm ≤ radius does, near the poles and the antimeridian too", () => {
  const r = random(11);
  let near = 0, far = 0;
  for (let k = 0; k < 3000; k++) {
    const lat = r() < 0.2 ? 60 + r() * 29 : -60 + r() * 120;
    const lon = r() < 0.2 ? 178 + r() * 4 - (r() < 0.5 ? 360 : 0) : -180 + r() * 360;
    const poly = polygon(r, lon, lat, 0.05 + r() * 3);
    const p: LonLat = [lon + (r() - 0.5) * 4, Math.max(-89, Math.min(89, lat + (r() - 0.5) * 4))];
    const radius = [0, 1, 10, 50, 150][k % 5];
    const padLat = radius / kmPerDegree(0).lat;
    const want = distanceToRingsKm([poly], p) <= radius;
    assert.is(ringsWithinKm(poly, p, radius, padLat), want, `polygon ${k} around ${lon.toFixed(2)},${lat.toFixed(2)}; point ${p}; ${radius} km`);
    if (want) near++;
    else far++;
  }
  // both answers were asked for, many times
  assert.ok(near > 300 && far > 300, `${near} within, ${far} beyond`);
});

test.run();

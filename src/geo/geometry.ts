// Plain spherical-earth geometry on [longitude, latitude] degrees: enough to say whether a point
// lies in a service area, how far it is from one, and how large an area is. No projection
// library: every area here is at most a country, so a local equirectangular frame around the
// point measures edges to well under a kilometre of error at the distances we rank by.
import type { Geometry, Position } from "geojson";

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

export type LonLat = readonly [number, number];
/** One polygon: an outer ring then holes, each ring a closed list of [lon, lat]. */
export type PolygonRings = Position[][];

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Great-circle distance in kilometres (haversine). */
export function haversineKm(a: LonLat, b: LonLat): number {
  return haversineKmOf(a[0], a[1], b[0], b[1]);
}

/** haversineKm of two points given as numbers (for loops that should not make an array per point). */
export function haversineKmOf(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting on one ring (even-odd). */
function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonContains(poly: PolygonRings, p: LonLat): boolean {
  if (!inRing(p[0], p[1], poly[0])) return false;
  for (let h = 1; h < poly.length; h++) if (inRing(p[0], p[1], poly[h])) return false;
  return true;
}

/**
 * Distance in km from `p` to the nearest edge of any ring, in an equirectangular frame centred
 * on `p` (accurate for the few hundred kilometres ranking cares about).
 */
export function distanceToRingsKm(polys: readonly PolygonRings[], p: LonLat): number {
  const kx = Math.cos(p[1] * RAD) * RAD * EARTH_RADIUS_KM;
  const ky = RAD * EARTH_RADIUS_KM;
  let best = Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const d2 = segmentDistance2(ring[j], ring[i], p, kx, ky);
        if (d2 < best) best = d2;
      }
    }
  }
  return Math.sqrt(best);
}

/**
 * Is an edge of `poly` within `radiusKm` of `p`, measured as distanceToRingsKm measures? An edge
 * whose two ends both lie more than `padLat` degrees (radiusKm in degrees of latitude) north of
 * `p`, or both south, is farther, and is not measured.
 */
export function ringsWithinKm(poly: PolygonRings, p: LonLat, radiusKm: number, padLat: number): boolean {
  const kx = Math.cos(p[1] * RAD) * RAD * EARTH_RADIUS_KM;
  const ky = RAD * EARTH_RADIUS_KM;
  const r2 = radiusKm * radiusKm;
  const north = p[1] + padLat, south = p[1] - padLat;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j], b = ring[i];
      if ((a[1] > north && b[1] > north) || (a[1] < south && b[1] < south)) continue;
      if (segmentDistance2(a, b, p, kx, ky) <= r2) return true;
    }
  }
  return false;
}

/** Squared km from `p` to the segment a→b, in an equirectangular frame centred on `p`. */
function segmentDistance2(a: Position, b: Position, p: LonLat, kx: number, ky: number): number {
  const ax = wrapLon(a[0] - p[0]) * kx, ay = (a[1] - p[1]) * ky;
  const bx = wrapLon(b[0] - p[0]) * kx, by = (b[1] - p[1]) * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return (ax + t * dx) ** 2 + (ay + t * dy) ** 2;
}

function wrapLon(d: number): number {
  return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
}

/** Area of one ring in km² on the sphere (the spherical-excess sum used by common GIS code). */
function ringAreaKm2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[i][0] - ring[j][0]) * RAD * (2 + Math.sin(ring[j][1] * RAD) + Math.sin(ring[i][1] * RAD));
  }
  return Math.abs((sum * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2);
}

export function polygonsAreaKm2(polys: readonly PolygonRings[]): number {
  let total = 0;
  for (const poly of polys) {
    total += ringAreaKm2(poly[0]);
    for (let h = 1; h < poly.length; h++) total -= ringAreaKm2(poly[h]);
  }
  return Math.max(0, total);
}

export function bboxOf(polys: readonly PolygonRings[]): BBox {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const poly of polys) {
    for (const [x, y] of poly[0]) {
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
    }
  }
  return { west, south, east, north };
}

export function bboxContains(b: BBox, p: LonLat): boolean {
  return p[0] >= b.west && p[0] <= b.east && p[1] >= b.south && p[1] <= b.north;
}

/** The polygons of a GeoJSON geometry (points and lines have none: they cover no area). */
export function polygonsOf(g: Geometry): PolygonRings[] {
  switch (g.type) {
    case "Polygon":
      return g.coordinates.length ? [g.coordinates] : [];
    case "MultiPolygon":
      return g.coordinates.filter((p) => p.length > 0);
    case "GeometryCollection":
      return g.geometries.flatMap(polygonsOf);
    default:
      return [];
  }
}

/** A circle as a 48-sided polygon: GeoJSON has no circles (RFC 7946), so a city is drawn so. */
export function circlePolygon(center: LonLat, radiusKm: number, sides = 48): PolygonRings {
  const ring: Position[] = [];
  const lat = center[1] * RAD;
  const d = radiusKm / EARTH_RADIUS_KM;
  for (let i = 0; i <= sides; i++) {
    const bearing = ((i % sides) / sides) * 2 * Math.PI;
    const lat2 = Math.asin(Math.sin(lat) * Math.cos(d) + Math.cos(lat) * Math.sin(d) * Math.cos(bearing));
    const lon2 = center[0] * RAD + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat), Math.cos(d) - Math.sin(lat) * Math.sin(lat2));
    ring.push([round6(lon2 / RAD), round6(lat2 / RAD)]);
  }
  // RFC 7946 §3.1.6: exterior rings counterclockwise; the bearing sweep above runs clockwise.
  return [ring.reverse()];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Kilometres per degree of longitude and latitude at a latitude. */
export function kmPerDegree(lat: number): { lon: number; lat: number } {
  return { lon: Math.max(1e-6, Math.cos(lat * RAD)) * RAD * EARTH_RADIUS_KM, lat: RAD * EARTH_RADIUS_KM };
}

// A service area reduced to what ranking asks of it: does it contain a point, how far is a point
// from it, how large is it. Polygons (states, counties, nations, a library's own GeoJSON) and
// circles (cities and ZIP codes, which the data packages give only as points) answer alike.
import {
  type BBox,
  type LonLat,
  type PolygonRings,
  bboxContains,
  bboxOf,
  distanceToRingsKm,
  haversineKm,
  kmPerDegree,
  polygonContains,
  polygonsAreaKm2,
} from "./geometry.ts";

export interface Shape {
  readonly bbox: BBox;
  readonly areaKm2: number;
  contains(p: LonLat): boolean;
  /** 0 inside, else the distance in km to the nearest edge. */
  distanceKm(p: LonLat): number;
}

export function polygonShape(polys: PolygonRings[]): Shape {
  const parts = polys.map((poly) => ({ poly, bbox: bboxOf([poly]) }));
  const bbox = bboxOf(polys);
  const areaKm2 = polygonsAreaKm2(polys);
  const contains = (p: LonLat) => bboxContains(bbox, p) && parts.some((x) => bboxContains(x.bbox, p) && polygonContains(x.poly, p));
  return {
    bbox,
    areaKm2,
    contains,
    distanceKm: (p) => (contains(p) ? 0 : distanceToRingsKm(polys, p)),
  };
}

export function circleShape(center: LonLat, radiusKm: number): Shape {
  const k = kmPerDegree(Math.min(89, Math.abs(center[1]) + radiusKm / 111));
  const dLon = radiusKm / k.lon;
  const dLat = radiusKm / k.lat;
  return {
    bbox: { west: center[0] - dLon, east: center[0] + dLon, south: center[1] - dLat, north: center[1] + dLat },
    areaKm2: Math.PI * radiusKm * radiusKm,
    contains: (p) => haversineKm(center, p) <= radiusKm,
    distanceKm: (p) => Math.max(0, haversineKm(center, p) - radiusKm),
  };
}

/** A lower bound of the distance in km from `p` to anything inside `b` (0 when inside). */
export function bboxDistanceKm(b: BBox, p: LonLat): number {
  const lon = Math.max(b.west, Math.min(b.east, p[0]));
  const lat = Math.max(b.south, Math.min(b.north, p[1]));
  if (lon === p[0] && lat === p[1]) return 0;
  // the clamped point is the nearest point of the box in degrees; haversine to it never
  // overestimates by more than the box's curvature, so shave 1% to stay a lower bound
  return haversineKm(p, [lon, lat]) * 0.99;
}

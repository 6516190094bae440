// A resolved place's boundary: from the atlases for states, counties and nations, a circle for
// cities and ZIP codes (their data is a point), the library's own polygons for GeoJSON areas.
import type { Feature, FeatureCollection, Geometry } from "geojson";
import type { Place } from "./place.ts";
import { type Shape, circleShape, polygonShape } from "./shape.ts";
import { circlePolygon, polygonsOf } from "./geometry.ts";
import { usGeometry, usShape } from "./us-atlas.ts";
import { nationGeometry, nationShape } from "./countries.ts";

const geojsonShapes = new Map<string, Shape>();

/** undefined for "everywhere" (no boundary) and for places the data draws no boundary for. */
export function shapeOf(p: Place): Shape | undefined {
  switch (p.kind) {
    case "state":
    case "county":
      return p.nation === "US" ? usShape(p.id.slice(3)) : undefined;
    case "nation":
      return nationShape(p.id);
    case "city":
    case "postal_code":
      return p.center && p.radiusKm ? circleShape(p.center, p.radiusKm) : undefined;
    case "geojson": {
      let s = geojsonShapes.get(p.id);
      if (!s && p.geometry) {
        s = polygonShape(polygonsOf(p.geometry));
        geojsonShapes.set(p.id, s);
      }
      return s;
    }
    default:
      return undefined;
  }
}

export function geometryOf(p: Place): Geometry | null {
  switch (p.kind) {
    case "state":
    case "county":
      return (p.nation === "US" && usGeometry(p.id.slice(3))) || null;
    case "nation":
      return nationGeometry(p.id) ?? null;
    case "city":
    case "postal_code":
      return p.center && p.radiusKm ? { type: "Polygon", coordinates: circlePolygon(p.center, p.radiusKm) } : null;
    case "geojson":
      return p.geometry ?? null;
    default:
      return null;
  }
}

/** One Feature per place; cities and ZIP codes say that they are a point with a radius. */
export function placeFeature(p: Place): Feature {
  const properties: Record<string, unknown> = { name: p.name, type: p.kind };
  if (p.nation) properties.nation = p.nation;
  if (p.state && p.nation === "US") properties.state = p.state;
  if (p.center && p.radiusKm) {
    properties.center = p.center;
    properties.radius_km = p.radiusKm;
    properties.approximate = `${p.kind === "city" ? "a city" : "a ZIP code"} is a point in the data: drawn as a ${p.radiusKm} km circle`;
  }
  if (p.kind === "everywhere") properties.everywhere = true;
  return { type: "Feature", id: p.id, geometry: geometryOf(p) as Geometry, properties };
}

export function placesFeatureCollection(places: readonly Place[]): FeatureCollection {
  return { type: "FeatureCollection", features: places.map(placeFeature) };
}

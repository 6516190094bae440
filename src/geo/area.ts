// `service_area` / `focus_area` values (extensions.md §3.6) → places. Every accepted form:
// "everywhere"; a name or a list of names (in the default nation, else anywhere); an object
// mapping nations (ISO alpha-2 or a name) to "everywhere", a name or a list of names; a GeoJSON
// Polygon, MultiPolygon, GeometryCollection, Feature or FeatureCollection. An absent value, an
// empty list or an object of empty lists is "no information", never "everywhere".
import { createHash } from "node:crypto";
import type { Geometry } from "geojson";
import { EVERYWHERE, candidateLabel, type Place } from "./place.ts";
import { resolvePlace, type Resolution } from "./resolve.ts";
import { findNationByCode, findNationByName } from "./countries.ts";
import { polygonsOf } from "./geometry.ts";

export interface Unresolved {
  /** The name as written, with its nation key when there was one: "US: Springfield". */
  name: string;
  status: "ambiguous" | "unknown";
  reason: string;
  /** Display names of the candidates ("Springfield, IL", …). */
  candidates: string[];
}

export interface ResolvedArea {
  /** True when the value says nothing (absent, empty): not "everywhere". */
  noInformation: boolean;
  places: Place[];
  unresolved: Unresolved[];
}

export interface AreaOptions {
  defaultNation?: string;
}

const MAX_ITEMS = 500;
const MAX_POSITIONS = 200_000;
const GEOJSON_TYPES = new Set(["Polygon", "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection", "Point", "MultiPoint", "LineString", "MultiLineString"]);

export function resolveArea(value: unknown, opts: AreaOptions = {}): ResolvedArea {
  const out: ResolvedArea = { noInformation: true, places: [], unresolved: [] };
  const seen = new Set<string>();
  const add = (p: Place) => {
    out.noInformation = false;
    if (!seen.has(p.id)) {
      seen.add(p.id);
      out.places.push(p);
    }
  };
  const fail = (name: string, r: Exclude<Resolution, { status: "resolved" }> | { status: "unknown"; reason: string; candidates: Place[] }) => {
    out.noInformation = false;
    out.unresolved.push({ name, status: r.status, reason: r.reason, candidates: r.candidates.map(candidateLabel) });
  };
  const resolveName = (name: unknown, within: Place | "everywhere", label: string) => {
    if (out.places.length + out.unresolved.length >= MAX_ITEMS) return;
    if (typeof name !== "string") return fail(label + JSON.stringify(name), { status: "unknown", reason: "not a place name", candidates: [] });
    if (name.trim() === "") return;
    const r = resolvePlace(name, { within, defaultNation: opts.defaultNation });
    if (r.status === "resolved") add(r.place);
    else fail(label + name, r);
  };

  if (value === undefined || value === null) return out;
  if (typeof value === "string") {
    if (value.trim().toLowerCase() === "everywhere") add(EVERYWHERE);
    else resolveName(value, "everywhere", "");
    return out;
  }
  if (Array.isArray(value)) {
    for (const name of value.slice(0, MAX_ITEMS)) resolveName(name, "everywhere", "");
    return out;
  }
  if (typeof value !== "object") {
    fail(JSON.stringify(value), { status: "unknown", reason: "not a place name, a list, an object of nations or GeoJSON", candidates: [] });
    return out;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.type === "string" && GEOJSON_TYPES.has(obj.type)) {
    const g = readGeoJson(obj);
    if (typeof g === "string") fail("GeoJSON " + obj.type, { status: "unknown", reason: g, candidates: [] });
    else add(g);
    return out;
  }
  for (const [key, names] of Object.entries(obj)) {
    const nation = /^[A-Za-z]{2}$/.test(key) ? findNationByCode(key) : findNationByName(key);
    const list = Array.isArray(names) ? names : [names];
    if (!nation) {
      if (list.length) fail(`${key}: ${JSON.stringify(names)}`, { status: "unknown", reason: `"${key}" is not a nation (use an ISO 3166-1 code such as "US")`, candidates: [] });
      continue;
    }
    for (const name of list.slice(0, MAX_ITEMS)) {
      if (typeof name === "string" && name.trim().toLowerCase() === "everywhere") add(nation);
      else resolveName(name, nation, `${key}: `);
    }
  }
  return out;
}

/** A library's own GeoJSON area → a place, or why it cannot be one. */
function readGeoJson(obj: Record<string, unknown>): Place | string {
  let name: string | undefined;
  let geometry: Geometry | undefined;
  const propsName = (f: Record<string, unknown>) => {
    const props = f.properties as Record<string, unknown> | null | undefined;
    return props && typeof props.name === "string" ? props.name : undefined;
  };
  if (obj.type === "Feature") {
    geometry = obj.geometry as Geometry;
    name = propsName(obj);
  } else if (obj.type === "FeatureCollection") {
    const features = Array.isArray(obj.features) ? (obj.features as Record<string, unknown>[]) : [];
    geometry = { type: "GeometryCollection", geometries: features.map((f) => f?.geometry as Geometry).filter((g) => g && typeof g === "object") };
    name = features.length === 1 ? propsName(features[0]) : undefined;
  } else geometry = obj as unknown as Geometry;
  if (!geometry || typeof geometry !== "object") return "the GeoJSON has no geometry";
  const fault = checkCoordinates(geometry);
  if (fault) return fault;
  const polys = polygonsOf(geometry);
  if (polys.length === 0) return "the GeoJSON holds no Polygon or MultiPolygon: points and lines cover no area";
  const clean: Geometry = polys.length === 1 ? { type: "Polygon", coordinates: polys[0] } : { type: "MultiPolygon", coordinates: polys };
  const hash = createHash("sha256").update(JSON.stringify(clean)).digest("hex").slice(0, 16);
  return { id: `geojson-${hash}`, kind: "geojson", name: name ?? "Service area (GeoJSON)", geometry: clean };
}

/** Every position two finite numbers in range, rings closed with four positions, a size cap. */
function checkCoordinates(g: Geometry): string | null {
  let count = 0;
  const position = (p: unknown): string | null => {
    if (++count > MAX_POSITIONS) return `the GeoJSON has more than ${MAX_POSITIONS} positions`;
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== "number" || typeof p[1] !== "number" || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return "a GeoJSON position must be [longitude, latitude] numbers";
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `the GeoJSON position [${p[0]}, ${p[1]}] is outside longitude ±180, latitude ±90`;
    return null;
  };
  const ring = (r: unknown): string | null => {
    if (!Array.isArray(r) || r.length < 4) return "a GeoJSON linear ring needs at least four positions";
    for (const p of r) {
      const f = position(p);
      if (f) return f;
    }
    const a = r[0] as number[], b = r[r.length - 1] as number[];
    return a[0] === b[0] && a[1] === b[1] ? null : "a GeoJSON linear ring must end where it starts";
  };
  const polygon = (rings: unknown): string | null => {
    if (!Array.isArray(rings) || rings.length === 0) return "a GeoJSON Polygon needs at least one ring";
    for (const r of rings) {
      const f = ring(r);
      if (f) return f;
    }
    return null;
  };
  const walk = (x: Geometry, depth: number): string | null => {
    if (depth > 4) return "the GeoJSON nests GeometryCollections too deeply";
    switch (x.type) {
      case "Polygon":
        return polygon(x.coordinates);
      case "MultiPolygon":
        if (!Array.isArray(x.coordinates)) return "a GeoJSON MultiPolygon needs a coordinates array";
        for (const p of x.coordinates) {
          const f = polygon(p);
          if (f) return f;
        }
        return null;
      case "GeometryCollection":
        if (!Array.isArray(x.geometries)) return "a GeoJSON GeometryCollection needs a geometries array";
        for (const c of x.geometries) {
          const f = c && typeof c === "object" ? walk(c, depth + 1) : "a GeometryCollection member is not a geometry";
          if (f) return f;
        }
        return null;
      case "Point":
      case "MultiPoint":
      case "LineString":
      case "MultiLineString":
        return null;
      default:
        return `"${(x as { type: unknown }).type}" is not a GeoJSON geometry type`;
    }
  };
  return walk(g, 0);
}

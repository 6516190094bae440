// Nations: ISO 3166-1 alpha-2 codes and English names from the platform's own CLDR data
// (Intl.DisplayNames), boundaries from world-atlas (Natural Earth 1:50m; the US from us-atlas).
// world-atlas ids are numeric, not alpha-2, so a nation's polygon is the one that holds its most
// populous GeoNames city: no hand-kept code table to drift.
import type { GeometryCollection, Topology } from "topojson-specification";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import { lazy, readJsonFile } from "./data-files.ts";
import type { Place } from "./place.ts";
import { type Shape, polygonShape } from "./shape.ts";
import { polygonsOf } from "./geometry.ts";
import { cityTable, largestCity } from "./cities.ts";
import { usGeometry } from "./us-atlas.ts";

const nations = lazy(() => {
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  const byCode = new Map<string, Place>();
  const byName = new Map<string, Place>();
  const A = 65;
  for (let a = 0; a < 26; a++) {
    for (let b = 0; b < 26; b++) {
      const code = String.fromCharCode(A + a, A + b);
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      // user-assigned and reserved codes (AA, QM–QZ, XA–XZ, ZZ) name no nation
      // FX, AN, … are withdrawn codes CLDR still names; the first code of a name wins
      if (!name || name === code || /^(?:AA|Q[M-Z]|X[A-Z]|ZZ|EU|EZ|UN|FX|AN|BU|CS|DD|NT|SU|TP|YU|ZR|DY|EW|FL|JA|LF|PI|RA|RB|RC|RH|RI|RL|RM|RN|RP|WG|WL|WV|YV|AC|CP|DG|EA|IC|TA)$/.test(code)) continue;
      const place: Place = { id: code, kind: "nation", name, nation: code };
      byCode.set(code, place);
      if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), place);
    }
  }
  for (const [alias, code] of [["united states of america", "US"], ["usa", "US"], ["u.s.", "US"], ["u.s.a.", "US"], ["uk", "GB"], ["great britain", "GB"]]) {
    const p = byCode.get(code);
    if (p) byName.set(alias, p);
  }
  return { byCode, byName };
});

export function findNationByCode(code: string): Place | undefined {
  return nations().byCode.get(code.trim().toUpperCase());
}

export function findNationByName(name: string): Place | undefined {
  return nations().byName.get(name.trim().toLowerCase().replace(/\s+/g, " "));
}

type World = Topology<{ countries: GeometryCollection<{ name: string }> }>;
const world = lazy(() => {
  const topo = readJsonFile<World>("world-atlas/countries-50m.json");
  return topo.objects.countries.geometries.map((g) => {
    const geometry = (feature(topo, g) as unknown as { geometry: Polygon | MultiPolygon }).geometry;
    return { geometry, shape: polygonShape(polygonsOf(geometry)) };
  });
});

const geometries = new Map<string, Polygon | MultiPolygon | null>();

export function nationGeometry(code: string): Polygon | MultiPolygon | undefined {
  if (code === "US") return usGeometry("US");
  if (geometries.has(code)) return geometries.get(code) ?? undefined;
  let found: Polygon | MultiPolygon | null = null;
  const i = largestCity(code);
  if (i !== undefined) {
    const t = cityTable();
    const p: [number, number] = [t.lon[i], t.lat[i]];
    found = world().find((w) => w.shape.contains(p))?.geometry ?? null;
  }
  geometries.set(code, found);
  return found ?? undefined;
}

const shapes = new Map<string, Shape | null>();

export function nationShape(code: string): Shape | undefined {
  if (!shapes.has(code)) {
    const g = nationGeometry(code);
    shapes.set(code, g ? polygonShape(polygonsOf(g)) : null);
  }
  return shapes.get(code) ?? undefined;
}

/** Is the point on land of any nation? (An answer of "no" is the open sea.) */
export function onLand(p: readonly [number, number]): boolean {
  return world().some((w) => w.shape.contains(p));
}

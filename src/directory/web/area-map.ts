// A small map of a library's service area as inline SVG, drawn at build time from the atlas
// geometry (GeoJSON in, an SVG string out; nothing fetched by the browser). Equirectangular with
// the longitude scaled by cos(latitude), which is faithful enough at the size of a county or a
// state; points closer than half a pixel are dropped, so a detailed border stays small.
import type { Geometry, Position } from "geojson";

const WIDTH = 320;
const HEIGHT = 200;
const PAD = 8;
const MAX_POINTS = 4000;

type Ring = Position[];

// The states behind thousands of towns' maps are drawn in the same frame again and again (a
// town's map is framed by its state): each background path is kept by geometry and frame.
const geometryIds = new WeakMap<object, number>();
let nextGeometryId = 0;
const idOf = (g: object) => {
  let id = geometryIds.get(g);
  if (id === undefined) geometryIds.set(g, (id = nextGeometryId++));
  return id;
};
const backgrounds = new Map<string, { d: string; points: number }>();

function ringsOf(g: Geometry): Ring[] {
  switch (g.type) {
    case "Polygon":
      return g.coordinates;
    case "MultiPolygon":
      return g.coordinates.flat();
    case "GeometryCollection":
      return g.geometries.flatMap(ringsOf);
    default:
      return [];
  }
}

/**
 * undefined when there is nothing to draw (no geometry, or only "everywhere"). `context` (the
 * states around the area) is drawn lightly behind it and sets the frame, so a town's circle shows
 * where in its state it is.
 */
export function drawAreaMap(geometries: readonly (Geometry | null | undefined)[], label: string, context: readonly (Geometry | null | undefined)[] = []): string | undefined {
  const rings = geometries.flatMap((g) => (g ? ringsOf(g) : [])).filter((r) => r.length >= 3);
  if (!rings.length) return undefined;
  const around = context.flatMap((g) => (g ? ringsOf(g) : [])).filter((r) => r.length >= 3);
  const frame = around.length ? [...around, ...rings] : rings;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of frame) for (const [x, y] of r) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  // areas crossing the antimeridian (Alaska's islands) would span the globe: draw the bulk only
  if (maxX - minX > 180) return undefined;
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const w = Math.max((maxX - minX) * kx, 1e-6);
  const h = Math.max(maxY - minY, 1e-6);
  const scale = Math.min((WIDTH - 2 * PAD) / w, (HEIGHT - 2 * PAD) / h);
  const ox = (WIDTH - w * scale) / 2;
  const oy = (HEIGHT - h * scale) / 2;
  let points = 0;
  // the area's own extent on the map: a town seen inside its state is a few pixels wide
  let [ax0, ay0, ax1, ay1] = [Infinity, Infinity, -Infinity, -Infinity];
  const pathOf = (ring: Ring, own = false) => {
    let d = "";
    let last: [number, number] | null = null;
    for (const [lon, lat] of ring) {
      const x = Math.round((ox + (lon - minX) * kx * scale) * 10) / 10;
      const y = Math.round((oy + (maxY - lat) * scale) * 10) / 10;
      if (own) [ax0, ay0, ax1, ay1] = [Math.min(ax0, x), Math.min(ay0, y), Math.max(ax1, x), Math.max(ay1, y)];
      if (last && Math.abs(x - last[0]) < 0.5 && Math.abs(y - last[1]) < 0.5) continue;
      d += `${last ? "L" : "M"}${x} ${y}`;
      last = [x, y];
      points++;
    }
    return d + "Z";
  };
  const area = rings.map((r) => pathOf(r, true)).join("");
  const backKey = `${context.map((g) => (g ? idOf(g) : "-")).join(",")}|${minX},${minY},${maxX},${maxY}`;
  let background = backgrounds.get(backKey);
  if (!background) {
    const before = points;
    const d = around.map((r) => pathOf(r)).join("");
    background = { d, points: points - before };
    points = before;
    if (backgrounds.size > 10_000) backgrounds.clear();
    backgrounds.set(backKey, background);
  }
  points += background.points;
  const back = background.d;
  // too small to see: a ring around it marks where it is
  const marker = ax1 - ax0 < 8 && ay1 - ay0 < 8 ? `<circle cx="${((ax0 + ax1) / 2).toFixed(1)}" cy="${((ay0 + ay1) / 2).toFixed(1)}" r="7" fill="none" stroke="#b71c1c" stroke-width="2"/>` : "";
  if (points > MAX_POINTS) return undefined;
  const safe = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${safe}">${back ? `<path d="${back}" fill="#eef1f4" stroke="#8a96a3" stroke-width="0.8"/>` : ""}<path d="${area}" fill="#9ec5e8" stroke="#1f4e79" stroke-width="1.2" fill-rule="evenodd"/>${marker}</svg>`;
}

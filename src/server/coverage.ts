// `GET /coverage?coverage=…`: the reference's coverage checker. The value is a service_area as
// JSON ({"US": ["Kings County, NY"]}, "everywhere", …) or a bare place name; the answer is a GeoJSON
// FeatureCollection of the places it resolves to, with the reference's extra `unknown` and
// `ambiguous` members (nation → names, or null) and ours, `unresolved`, with the candidates.
import { placesFeatureCollection, resolveArea } from "../geo/index.ts";

const MAX_LENGTH = 10_000;

export function coverageDocument(raw: string): Record<string, unknown> | string {
  if (raw.length > MAX_LENGTH) return `coverage is longer than ${MAX_LENGTH} characters`;
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: a place name, as the reference reads it
  }
  const area = resolveArea(value);
  const byStatus = (status: "unknown" | "ambiguous") => {
    const out: Record<string, string[]> = {};
    for (const u of area.unresolved.filter((x) => x.status === status)) {
      const colon = u.name.indexOf(": ");
      const [nation, name] = colon > 0 && /^[^:]{1,60}$/.test(u.name.slice(0, colon)) ? [u.name.slice(0, colon), u.name.slice(colon + 2)] : ["??", u.name];
      (out[nation] ??= []).push(name);
    }
    return Object.keys(out).length ? out : null;
  };
  return { ...placesFeatureCollection(area.places), unknown: byStatus("unknown"), ambiguous: byStatus("ambiguous"), unresolved: area.unresolved };
}

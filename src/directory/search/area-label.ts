// The one place a library says it serves, shown beside its name ("Kern County, CA"): the
// reference's schema:areaServed. Several places, "everywhere" or nothing: no label.
export function areaLabel(area: unknown): string | undefined {
  const places = placeStrings(area).filter((p) => p.trim() !== "" && p.trim().toLowerCase() !== "everywhere");
  return places.length === 1 ? places[0].trim().slice(0, 120) : undefined;
}

function placeStrings(area: unknown): string[] {
  if (typeof area === "string") return [area];
  if (Array.isArray(area)) return area.filter((p): p is string => typeof p === "string");
  if (area && typeof area === "object") return Object.values(area).flatMap(placeStrings);
  return [];
}

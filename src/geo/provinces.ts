// Canada's provinces and territories by postal abbreviation, mapped to GeoNames admin1 codes so
// "Toronto, ON" (the wiki's own example) finds its city. They scope city names only: the data
// packages carry no provincial boundaries, so a province alone is not an area we can draw.
import type { Place } from "./place.ts";

const CANADA: readonly [string, string, string][] = [
  ["AB", "01", "Alberta"], ["BC", "02", "British Columbia"], ["MB", "03", "Manitoba"], ["NB", "04", "New Brunswick"],
  ["NL", "05", "Newfoundland and Labrador"], ["NS", "07", "Nova Scotia"], ["ON", "08", "Ontario"],
  ["PE", "09", "Prince Edward Island"], ["QC", "10", "Quebec"], ["SK", "11", "Saskatchewan"], ["YT", "12", "Yukon"],
  ["NT", "13", "Northwest Territories"], ["NU", "14", "Nunavut"],
];

export function findProvince(nation: string, text: string): Place | undefined {
  if (nation !== "CA") return undefined;
  const t = text.trim().toLowerCase();
  const row = CANADA.find(([abbr, , name]) => abbr.toLowerCase() === t || name.toLowerCase() === t);
  return row ? { id: `CA-${row[1]}`, kind: "state", name: row[2], nation: "CA", state: row[1] } : undefined;
}

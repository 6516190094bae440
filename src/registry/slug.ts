import { SLUG_PATTERN } from "./entries.ts";

/** A file name for a new library, from its title: `Springfield Public Library` → `springfield-public-library`. */
export function slugFor(title: string, taken: Set<string>): string {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .split("-")
      .filter(Boolean)
      .join("-")
      .slice(0, 56)
      .split("-")
      .filter(Boolean)
      .join("-") || "library";
  let slug = base;
  for (let n = 2; taken.has(slug) || !SLUG_PATTERN.test(slug); n++) slug = `${base}-${n}`;
  return slug;
}

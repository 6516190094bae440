// One page per library listed in QA (info/{uuid}.html): what a person needs to start reading:
// logo and colours, description, where it serves (a small map when the places data knows the
// area), its website and help contacts, and how to add it in the reading apps the operator lists.
import type { DirectoryConfig, DirectoryLibrary } from "../types.ts";
import { isListedInQa, isProduction } from "../types.ts";
import { libraryUrl, uuidOf } from "../urls.ts";
import type { EntryOf } from "../entry.ts";
import { REL } from "../../opds/media-types.ts";
import { accentOf } from "./colors.ts";
import { href, libraryPageFile, listPageFile } from "./paths.ts";

export interface ContactLink {
  label: string;
  href: string;
}

export interface LibraryPage {
  path: string;
  directoryTitle: string;
  name: string;
  testing: boolean;
  accent: string;
  logo?: string;
  description?: string;
  /** Place names the library serves, as it says them. */
  places: string[];
  everywhere: boolean;
  /** A small SVG map of the service area, when one could be drawn. */
  map?: string;
  website?: string;
  help: ContactLink[];
  /** The library's OPDS catalog (for apps the operator did not list) and its registry entry. */
  catalog: string;
  entry: string;
  apps: { name: string; url: string; how?: string }[];
  home: string;
}

const safeHttp = (href: string | undefined): string | undefined => {
  if (!href) return undefined;
  try {
    const u = new URL(href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
};

/** help links people can follow: mailto:, tel:, http(s):, each with a readable label. */
export function contactOf(raw: string): ContactLink | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  if (u.protocol === "mailto:") return { label: decodeURIComponent(u.pathname), href: u.href };
  if (u.protocol === "tel:") return { label: decodeURIComponent(u.pathname), href: u.href };
  if (u.protocol === "http:" || u.protocol === "https:") return { label: u.host + (u.pathname === "/" ? "" : u.pathname), href: u.href };
  return undefined;
}

const MAX_PLACES = 60;

function placesOf(...areas: unknown[]): { places: string[]; everywhere: boolean } {
  const flat = (a: unknown): string[] =>
    typeof a === "string" ? [a] : Array.isArray(a) ? a.flatMap(flat) : a && typeof a === "object" ? Object.values(a).flatMap(flat) : [];
  const all = areas.flatMap(flat).map((p) => p.trim().slice(0, 120)).filter(Boolean);
  const everywhere = all.some((p) => p.toLowerCase() === "everywhere");
  return { places: [...new Set(all.filter((p) => p.toLowerCase() !== "everywhere"))].slice(0, MAX_PLACES), everywhere };
}

export type AreaMap = (lib: DirectoryLibrary) => string | undefined;

export function buildLibraryPages(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig, entryOf: EntryOf, mapOf?: AreaMap): LibraryPage[] {
  return libs.filter(isListedInQa).map((lib) => {
    const entry = entryOf(lib);
    const { places, everywhere } = placesOf(lib.info.service_area);
    const page: LibraryPage = {
      path: libraryPageFile(uuidOf(lib.id)),
      directoryTitle: cfg.title,
      name: lib.info.title,
      testing: !isProduction(lib),
      accent: accentOf(lib.info.color_scheme),
      places,
      everywhere,
      help: [...new Set(lib.info.help)].map(contactOf).filter((c): c is ContactLink => !!c),
      catalog: lib.info.start.href,
      entry: libraryUrl(cfg, lib.id),
      apps: cfg.reading_apps ?? [],
      home: href(cfg, listPageFile(!isProduction(lib), 1)),
    };
    const logo = entry.images?.find((i) => i.rel === REL.thumbnail)?.href;
    if (logo) page.logo = logo;
    const d = lib.info.description?.trim();
    if (d) page.description = d;
    const website = safeHttp(lib.info.website);
    if (website) page.website = website;
    const map = mapOf?.(lib);
    if (map) page.map = map;
    return page;
  });
}

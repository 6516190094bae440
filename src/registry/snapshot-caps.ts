// What a snapshot keeps of the members a library controls is capped, so that one library cannot
// make its entry, every feed and every phone's download large: a typical entry stays a few KB.
// Over a cap, a text is shortened and a list or area dropped, each with a warning the library's
// staff can act on; nothing else of the library is lost.
import type { LibraryInfo } from "../opds/library-info.ts";

export const SNAPSHOT_CAPS = {
  title: 200,
  description: 2000,
  url: 2048,
  links: 5,
  audiences: 10,
  languages: 30,
  /** JSON characters of `service_area` and of `focus_area`. */
  area: 8000,
  color_scheme: 40,
} as const;

/** At most `max` UTF-16 units, ending in "…", never cutting a surrogate pair in half. */
function shorten(text: string, max: number): string {
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

export function capLibraryInfo(input: LibraryInfo): { info: LibraryInfo; warnings: string[] } {
  const info: LibraryInfo = { ...input };
  const warnings: string[] = [];
  const C = SNAPSHOT_CAPS;
  if (info.title.length > C.title) {
    warnings.push(`The title has ${info.title.length} characters; only the first ${C.title} are kept.`);
    info.title = shorten(info.title, C.title);
  }
  if (info.description !== undefined && info.description.length > C.description) {
    warnings.push(`service_description has ${info.description.length} characters; only the first ${C.description} are kept.`);
    info.description = shorten(info.description, C.description);
  }
  const urlOk = (what: string, href: string | undefined) => {
    if (href === undefined || href.length <= C.url) return true;
    warnings.push(`The ${what} link is ${href.length} characters long (the limit is ${C.url}); it is left out.`);
    return false;
  };
  if (!urlOk("alternate (website)", info.website)) delete info.website;
  if (!urlOk("register", info.registration_url)) delete info.registration_url;
  if (info.logo && !/^data:/i.test(info.logo.href) && !urlOk("logo", info.logo.href)) delete info.logo;
  for (const key of ["help", "copyright_agent"] as const) {
    const kept = info[key].filter((href) => urlOk(key, href));
    if (kept.length > C.links) warnings.push(`${kept.length} ${key} links; only the first ${C.links} are kept.`);
    info[key] = kept.slice(0, C.links);
  }
  if (info.audiences.length > C.audiences) {
    warnings.push(`${info.audiences.length} audiences; only the first ${C.audiences} are kept.`);
    info.audiences = info.audiences.slice(0, C.audiences);
  }
  if (info.collection_size && typeof info.collection_size === "object" && Object.keys(info.collection_size).length > C.languages) {
    warnings.push(`collection_size names ${Object.keys(info.collection_size).length} languages (the limit is ${C.languages}); it is left out.`);
    delete info.collection_size;
  }
  for (const key of ["service_area", "focus_area"] as const) {
    if (info[key] === undefined) continue;
    const size = JSON.stringify(info[key]).length;
    if (size > C.area) {
      warnings.push(`${key} is ${size} characters of JSON (the limit is ${C.area}); it is left out: name counties or states instead of many places.`);
      delete info[key];
    }
  }
  if (info.color_scheme !== undefined && info.color_scheme.length > C.color_scheme) {
    warnings.push(`color_scheme is ${info.color_scheme.length} characters long; it is left out.`);
    delete info.color_scheme;
  }
  return { info, warnings };
}

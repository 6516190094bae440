// The Library Simplified extensions to Authentication for OPDS (extensions.md §3), one reader per
// member. Each reader returns the value a directory keeps and records what it found wrong:
// errors for what the reference registries refuse (a malformed collection_size, audience, area
// or public_key), warnings for optional members that are malformed (never dropped silently).
import { problem, type Problem, type ProblemKey } from "./problem.ts";
import { isObject } from "./links.ts";

export interface Findings {
  errors: Problem[];
  warnings: Problem[];
}

const error = (f: Findings, key: ProblemKey, detail: string) => void f.errors.push(problem(key, detail));
const warn = (f: Findings, key: ProblemKey, detail: string) => void f.warnings.push(problem(key, detail));
const show = (x: unknown) => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/** §3.1 `service_description`: what the library offers (not `description`, the login prompt). */
export function readServiceDescription(doc: Record<string, unknown>, f: Findings): string | undefined {
  const v = doc.service_description;
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  warn(f, "invalidExtension", `'service_description' must be a string, got ${show(v)}; ignored.`);
  return undefined;
}

/** §3.2: the union of the registries' list and the later wiki list. */
export const COLOR_SCHEMES = [
  "red", "blue", "gray", "gold", "green", "teal", "purple",
  "amber", "black", "bluegray", "brown", "cyan", "darkorange", "darkpurple", "indigo", "lightblue", "orange", "pink",
] as const;

/** §3.2 `color_scheme`: any string is kept (clients fall back), an unknown one is flagged. */
export function readColorScheme(doc: Record<string, unknown>, f: Findings): string | undefined {
  const v = doc.color_scheme;
  if (v === undefined) return undefined;
  if (typeof v !== "string") {
    warn(f, "invalidExtension", `'color_scheme' must be a string, got ${show(v)}; ignored.`);
    return undefined;
  }
  if (!(COLOR_SCHEMES as readonly string[]).includes(v)) {
    warn(f, "invalidExtension", `'color_scheme' ${show(v)} is not one of the known schemes (${COLOR_SCHEMES.join(", ")}); apps may show their default.`);
  }
  return v;
}

/** §3.3 `web_color_scheme`: an object of CSS hex colours; not stored, only checked. */
export function checkWebColorScheme(doc: Record<string, unknown>, f: Findings): void {
  const v = doc.web_color_scheme;
  if (v === undefined) return;
  if (!isObject(v)) return warn(f, "invalidExtension", `'web_color_scheme' must be an object of CSS colours, got ${show(v)}.`);
  for (const [k, c] of Object.entries(v)) {
    if (typeof c !== "string" || !/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(c)) {
      warn(f, "invalidExtension", `'web_color_scheme.${k}' must be a hex colour such as "#1b4f72", got ${show(c)}.`);
    }
  }
}

/**
 * §3.4 `collection_size`, one rule (B17): a whole number >= 0, or an object mapping language
 * codes to such numbers. A string of digits is tolerated (the reference converted strings) with a
 * warning; fractions, other strings, negative numbers and other types are errors. Language keys
 * are kept as written (no alpha-2 → alpha-3 mapping here); odd-looking keys get a warning.
 */
export function readCollectionSize(doc: Record<string, unknown>, f: Findings): number | Record<string, number> | undefined {
  const v = doc.collection_size;
  if (v === undefined) return undefined;
  const count = (x: unknown, where: string): number | undefined => {
    let n = x;
    if (typeof x === "string" && /^\s*-?\d+\s*$/.test(x)) {
      n = Number(x);
      warn(f, "invalidExtension", `'${where}' is the string ${show(x)}; write it as a JSON number.`);
    }
    if (typeof n !== "number" || !Number.isFinite(n)) {
      error(f, "invalidExtension", `'${where}' must be a whole number, got ${show(x)}.`);
      return undefined;
    }
    if (n < 0) {
      error(f, "invalidExtension", `Collection size cannot be negative ('${where}' is ${n}).`);
      return undefined;
    }
    if (!Number.isSafeInteger(n)) {
      error(f, "invalidExtension", `'${where}' must be a whole number, got ${n}.`);
      return undefined;
    }
    return n;
  };
  if (isObject(v)) {
    const out: Record<string, number> = {};
    let ok = true;
    for (const [lang, x] of Object.entries(v)) {
      if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang)) {
        warn(f, "invalidExtension", `'collection_size' key ${show(lang)} does not look like a language code (ISO 639-2, e.g. "eng").`);
      }
      const n = count(x, `collection_size.${lang}`);
      if (n === undefined) ok = false;
      else out[lang] = n;
    }
    return ok ? out : undefined;
  }
  if (typeof v === "number" || typeof v === "string") return count(v, "collection_size");
  error(f, "invalidExtension", `'collection_size' must be a number or an object mapping language codes to numbers, got ${show(v)}.`);
  return undefined;
}

/** §3.5: the audience values; `disability-access` is the early name of `print-disability`. */
export const AUDIENCES = ["public", "educational-primary", "educational-secondary", "research", "print-disability", "other"] as const;

/**
 * §3.5 `audience` (the registries' key), falling back to `audiences` (the later wiki's). A bare
 * string is one audience; unknown values become "other" with a warning; absent means public.
 */
export function readAudiences(doc: Record<string, unknown>, f: Findings): string[] {
  const key = doc.audience !== undefined ? "audience" : "audiences";
  if (doc.audience !== undefined && doc.audiences !== undefined) {
    warn(f, "invalidExtension", "Both 'audience' and 'audiences' are present; 'audience' is used.");
  }
  const v = doc[key];
  if (v === undefined) return ["public"];
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list)) {
    error(f, "invalidExtension", `'${key}' must be a list: ${show(v)}`);
    return ["public"];
  }
  const out: string[] = [];
  for (const a of list) {
    let value: string;
    if (typeof a !== "string") {
      error(f, "invalidExtension", `'${key}' must be a list of strings; ${show(a)} is not one.`);
      continue;
    } else if (a === "disability-access") {
      warn(f, "invalidExtension", `'${key}' value "disability-access" is the old name of "print-disability"; read as that.`);
      value = "print-disability";
    } else if (!(AUDIENCES as readonly string[]).includes(a)) {
      warn(f, "invalidExtension", `Unknown '${key}' value ${show(a)} read as "other" (known: ${AUDIENCES.join(", ")}).`);
      value = "other";
    } else value = a;
    if (!out.includes(value)) out.push(value);
  }
  if (out.length === 0) {
    warn(f, "invalidExtension", `'${key}' lists no audience; "public" is assumed.`);
    return ["public"];
  }
  return out;
}

const GEOJSON_GEOMETRIES = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];
const GEOJSON_TYPES = [...GEOJSON_GEOMETRIES, "GeometryCollection", "Feature", "FeatureCollection"];

/** The member GeoJSON (RFC 7946 §3) requires for each object type, or null when it is there. */
function geoJsonFault(g: Record<string, unknown>): string | null {
  const t = g.type as string;
  if (GEOJSON_GEOMETRIES.includes(t)) return Array.isArray(g.coordinates) ? null : `a GeoJSON ${t} needs a 'coordinates' array`;
  if (t === "GeometryCollection") return Array.isArray(g.geometries) ? null : "a GeoJSON GeometryCollection needs a 'geometries' array";
  if (t === "Feature") return g.geometry === null || isObject(g.geometry) ? null : "a GeoJSON Feature needs a 'geometry' object";
  return Array.isArray(g.features) ? null : "a GeoJSON FeatureCollection needs a 'features' array";
}

/**
 * §3.6 `service_area` / `focus_area`: the shape only (place names are resolved by src/geo).
 * Accepted: "everywhere" or a place name; a list of names; an object mapping nations to
 * "everywhere", a name or a list of names; a GeoJSON object. The raw value is returned when the
 * shape is right. A number, boolean or a nation mapped to a non-name is an error.
 */
export function readArea(doc: Record<string, unknown>, key: "service_area" | "focus_area", f: Findings): unknown {
  const v = doc[key];
  if (v === undefined) return undefined;
  const bad = (why: string) => {
    error(
      f,
      "invalidExtension",
      `'${key}' ${why}; it must be "everywhere", a place name, a list of place names, an object mapping nations to places, or a GeoJSON object.`,
    );
    return undefined;
  };
  // A list of place names, or the error naming the first item that is not one.
  const names = (list: unknown[], where: string): boolean => {
    const i = list.findIndex((x) => typeof x !== "string");
    if (i < 0) return true;
    bad(`${where} holds ${show(list[i])}, not a place name`);
    return false;
  };
  if (v === null) {
    warn(f, "invalidExtension", `'${key}' is null; treated as absent.`);
    return undefined;
  }
  if (typeof v === "string") {
    if (v.trim() === "") {
      warn(f, "invalidExtension", `'${key}' is an empty string; treated as absent.`);
      return undefined;
    }
    return v;
  }
  if (Array.isArray(v)) return names(v, "list") ? v : undefined;
  if (!isObject(v)) return bad(`is ${show(v)}`);
  if (typeof v.type === "string" && GEOJSON_TYPES.includes(v.type)) {
    const fault = geoJsonFault(v);
    return fault ? bad(`looks like GeoJSON but ${fault}`) : v;
  }
  for (const [nation, places] of Object.entries(v)) {
    if (!/^[A-Z]{2}$/.test(nation)) {
      warn(f, "invalidExtension", `'${key}' key ${show(nation)} is not an ISO 3166-1 alpha-2 nation code (such as "US"); its places may not be found.`);
    }
    if (typeof places === "string") continue;
    if (Array.isArray(places)) {
      if (!names(places, `the list for ${show(nation)}`)) return undefined;
      continue;
    }
    return bad(`maps ${show(nation)} to ${show(places)}, not "everywhere", a place name or a list of names`);
  }
  return v;
}

/**
 * §3.7 `public_key`, shape only: `{"type": "RSA", "value": "<PEM>"}`. The PEM itself is parsed by
 * the crypto code; a malformed member is a problem detail, not a crash after commit (B7).
 * Returns the member when its shape is right.
 */
export function readPublicKey(doc: Record<string, unknown>, f: Findings): Record<string, unknown> | undefined {
  const v = doc.public_key;
  if (v === undefined) return undefined;
  const bad = (why: string) => void error(f, "invalidPublicKey", `'public_key' ${why}; it must be an object {"type": "RSA", "value": "<PEM public key>"}.`);
  if (typeof v === "string") return bad("is a bare string, not an object"), undefined;
  if (!isObject(v)) return bad(`is ${show(v)}`), undefined;
  if (typeof v.type !== "string") return bad("has no 'type' string"), undefined;
  if (typeof v.value !== "string") return bad("has no 'value' string"), undefined;
  if (v.type !== "RSA") return bad(`has type ${show(v.type)}; only "RSA" is defined`), undefined;
  return v;
}

/** §3.14 `features`: `{enabled?: [uri], disabled?: [uri]}`; checked, not stored. */
export function checkFeatures(doc: Record<string, unknown>, f: Findings): void {
  const v = doc.features;
  if (v === undefined) return;
  if (!isObject(v)) return warn(f, "invalidExtension", `'features' must be an object with 'enabled' and/or 'disabled' lists, got ${show(v)}.`);
  for (const k of ["enabled", "disabled"]) {
    const list = v[k];
    if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === "string"))) {
      warn(f, "invalidExtension", `'features.${k}' must be a list of URIs, got ${show(list)}.`);
    }
  }
}

const KEYBOARDS = ["default", "email address", "number pad", "no input"];

/** §3.13 a flow's `inputs` (values compared case-insensitively, as apps do). */
export function checkFlowInputs(flow: Record<string, unknown>, where: string, f: Findings): void {
  const v = flow.inputs;
  if (v === undefined) return;
  if (!isObject(v)) return warn(f, "invalidExtension", `'${where}.inputs' must be an object, got ${show(v)}.`);
  for (const field of ["login", "password"]) {
    const input = v[field];
    if (input === undefined) {
      // iOS requires both keyboards once `inputs` is present.
      warn(f, "invalidExtension", `'${where}.inputs' has no '${field}' entry; the iOS app rejects such a flow.`);
      continue;
    }
    if (!isObject(input)) {
      warn(f, "invalidExtension", `'${where}.inputs.${field}' must be an object, got ${show(input)}.`);
      continue;
    }
    const kb = input.keyboard;
    if (kb !== undefined && kb !== null && !(typeof kb === "string" && KEYBOARDS.includes(kb.toLowerCase()))) {
      warn(f, "invalidExtension", `'${where}.inputs.${field}.keyboard' ${show(kb)} is not one of Default, Email address, Number pad, No input.`);
    }
    const max = input.maximum_length;
    if (max !== undefined && !(typeof max === "number" && Number.isInteger(max) && max >= 0)) {
      warn(f, "invalidExtension", `'${where}.inputs.${field}.maximum_length' must be a whole number >= 0, got ${show(max)}.`);
    }
    const barcode = input.barcode_format;
    if (barcode !== undefined && !(field === "login" && typeof barcode === "string" && barcode.toLowerCase() === "codabar")) {
      warn(f, "invalidExtension", `'${where}.inputs.${field}.barcode_format' ${show(barcode)} is not supported (only "Codabar", on login).`);
    }
  }
}

/** A4OPDS flow `labels`: `{login, password}` strings; iOS needs both when `labels` is present. */
export function checkFlowLabels(flow: Record<string, unknown>, where: string, f: Findings): void {
  const v = flow.labels;
  if (v === undefined) return;
  if (!isObject(v)) return warn(f, "invalidDocument", `'${where}.labels' must be an object, got ${show(v)}.`);
  for (const field of ["login", "password"]) {
    if (typeof v[field] !== "string") warn(f, "invalidDocument", `'${where}.labels.${field}' must be a string, got ${show(v[field])}.`);
  }
}

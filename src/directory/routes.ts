// The one route table: which file of dist/ answers which public URL. `_redirects`, `_headers`, the
// nginx snippet and `registry serve` (through resolveRequest) are all derived from it, so a static
// host and the local server cannot disagree (feeds.md §7).
//
// Matching follows Netlify's rules: a request for an existing file is served as is ("shadowing");
// otherwise the first route whose path matches decides, and its target is not matched again.
// One extension Netlify cannot express: a route's `fallback` answers when its target file does not
// exist (resolveRequest and nginx's try_files use it; on Netlify that request is a 404).
import { problem, type Problem } from "../opds/problem.ts";
import { BINARY, CSS_UTF8, GEOJSON, HTML_UTF8, JAVASCRIPT_UTF8, JSON_TYPE, OPDS2, OPENSEARCH, PNG, TEXT_UTF8 } from "../opds/media-types.ts";
import { prefersHtml } from "../opds/accept.ts";
import { AVAILABILITIES, CRAWL_ORDERS, type Availability, type CrawlOrder } from "./urls.ts";

// --- files -----------------------------------------------------------------------------------
// Every feed lives under feeds/ (or is root.json), so no route's source path can shadow a file
// and `/feeds/*` sets the feed Content-Type in a single _headers rule.
export const HOME_FILE = "index.html";
export const QA_HOME_FILE = "qa.html";
/** What a browser gets for a missing page (registry serve, nginx, the worker; GitHub Pages,
 * Netlify and Cloudflare Pages serve it by convention for every missing path). */
export const NOT_FOUND_FILE = "404.html";
export const ROOT_FILE = "root.json";
export const PRODUCTION_FILE = "feeds/libraries.json";
export const QA_FILE = "feeds/libraries-qa.json";
export const HEADERS_FILE = "_headers";
export const REDIRECTS_FILE = "_redirects";
export const NGINX_FILE = "nginx-registry.conf";
/** The search index (web page, `registry serve`, the Cloudflare worker) and the OpenSearch descriptions. */
export const SEARCH_INDEX_FILE = "search/index.json";
export const SEARCH_DESCRIPTIONS_FILE = "search/descriptions.json";
/** Which libraries serve each US ZIP code, town, county and state (search/place-tables.ts). */
export const SEARCH_PLACES_FILE = "search/places.json";
/** The same for the web page, split: `index.json` without the states, then `{state}.json` each. */
export const SEARCH_PLACES_DIR = "search/places";
export const OPENSEARCH_FILE = "search/opensearch.xml";
export const OPENSEARCH_QA_FILE = "search/opensearch-qa.xml";
/** The paths `?q=` turns into a search answer where something runs code (serve, the worker). */
export const SEARCH_PATHS = { "/search": false, "/qa/search": true } as const;
export const libraryFile = (uuid: string) => `feeds/library/${uuid}.json`;
/** `/libraries` for one facet combination (Palace's order and availability). */
export const librariesFacetFile = (availability: Availability, order: CrawlOrder) => `feeds/libraries/${availability}-${order}.json`;
export const crawlFile = (availability: Availability, order: CrawlOrder, offset: number) =>
  `feeds/crawl/${availability}-${order}-${offset}.json`;
/** The terminal empty page again under a fixed name: the fallback for offsets past the end. */
export const crawlEndFile = (availability: Availability, order: CrawlOrder) => `feeds/crawl/${availability}-${order}-end.json`;

/** The static "near me" index (src/directory/places.ts): tiles, and the answer for a missing one. */
export const NEARBY_DIRS = ["nearby", "nearby-qa"] as const;
export const NEARBY_EMPTY_FILE = (dir: string) => `${dir}/empty.json`;
export const areaFile = (uuid: string, which: "eligibility" | "focus") => `areas/${uuid}-${which}.geojson`;

/** Paths (Netlify/Cloudflare `_headers` syntax) of the files that are OPDS 2 feeds. */
export const OPDS_FILE_PATHS = ["/feeds/*", `/${ROOT_FILE}`, ...NEARBY_DIRS.map((d) => `/${d}/*`)] as const;
/** Logos, named by their content hash (logos/<hash>.png): a file never changes once published. */
export const LOGOS_FILE_PATH = "/logos/*";

// --- caching ---------------------------------------------------------------------------------
/** With `=` (bug B13: the reference's `max-age: 43200` is ignored by caches). */
export const CACHE_CONTROL = "public, max-age=43200, s-maxage=21600";
/** A content-hashed file: any cache may keep it for a year without asking again. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** The Cache-Control a file of dist/ is served with (the same on every host). */
export function cacheControlForFile(file: string): string {
  return pathGlobMatches(LOGOS_FILE_PATH, "/" + file.replace(/^\/+/, "")) ? IMMUTABLE_CACHE_CONTROL : CACHE_CONTROL;
}

/** Host configuration files: not served by Netlify or Cloudflare, so not by us either. */
const PRIVATE_FILES = new Set([HEADERS_FILE, REDIRECTS_FILE, "_worker.js", "_routes.json"]);

// --- routes ----------------------------------------------------------------------------------
export interface QueryParam {
  /** Query parameter name; also the placeholder name in `to`. */
  name: string;
  /** Used when the parameter is absent or empty. */
  default: string;
  /** Values that can name a file; anything else cannot match a file (a 404). */
  valid: RegExp;
  /** The complete list of valid values when it is finite (nginx maps list them). */
  values?: readonly string[];
}

export interface Route {
  /** Request path in Netlify syntax: literal segments, `:name` segments, a final `prefix*` splat. */
  from: string;
  /** Query parameters the target depends on; every subset is a `_redirects` line. */
  query?: readonly QueryParam[];
  /** The file of dist/ that answers, with `:name` / `:splat` placeholders. */
  to: string;
  fallback?: string;
  /** A file at the request path itself answers first; `to` only when there is none (Netlify's
   * shadowing, nginx's `try_files $uri`): a tile of the nearby index, else the empty feed. */
  shadowed?: boolean;
  contentType: string;
  /**
   * For an OPDS route: the human page a browser gets instead of the feed (a file of dist/, with
   * the route's placeholders and `:list`, the list page of the availability asked for: `index`
   * for production, `qa` for all or hidden). Absent: the feed has no page of its own, and a host
   * that runs code renders a small view of it (src/site/feed-view.ts).
   */
  page?: string;
  /** Where a host that cannot render that view (nginx) sends a browser instead: a list page. */
  plainPage?: string;
}

const enumParam = (name: string, values: readonly string[], dflt: string): QueryParam => ({
  name,
  default: dflt,
  valid: new RegExp(`^(?:${values.join("|")})$`),
  values,
});

/** Crawlable defaults follow Palace: offset 0, availability production, order modified. */
export const CRAWL_PARAMS: readonly QueryParam[] = [
  { name: "offset", default: "0", valid: /^(?:0|[1-9][0-9]{0,9})$/ },
  enumParam("availability", AVAILABILITIES, "production"),
  enumParam("order", CRAWL_ORDERS, "modified"),
];

/** `/libraries` defaults follow Palace: availability production, order name. */
export const LIBRARIES_PARAMS: readonly QueryParam[] = [
  enumParam("availability", AVAILABILITIES, "production"),
  enumParam("order", CRAWL_ORDERS, "name"),
];

export const ROUTES: readonly Route[] = [
  // the same names librariesFacetFile() gives (a test holds them together)
  { from: "/libraries", query: LIBRARIES_PARAMS, to: "/feeds/libraries/:availability-:order.json", contentType: OPDS2, page: "/:list.html" },
  { from: "/libraries/qa", to: `/${QA_FILE}`, contentType: OPDS2, page: `/${QA_HOME_FILE}` },
  {
    from: "/libraries/crawlable",
    query: CRAWL_PARAMS,
    // the same names crawlFile() and crawlEndFile() give (a test holds them together)
    to: "/feeds/crawl/:availability-:order-:offset.json",
    fallback: "/feeds/crawl/:availability-:order-end.json",
    contentType: OPDS2,
    page: "/:list.html",
  },
  // A library's areas as GeoJSON at the reference URLs (feeds.md §1).
  { from: "/library/:uuid/eligibility", to: "/" + areaFile(":uuid", "eligibility"), contentType: GEOJSON },
  { from: "/library/:uuid/focus", to: "/" + areaFile(":uuid", "focus"), contentType: GEOJSON },
  // The `urn:uuid:` prefix is optional (feeds.md §1); colons stay out of file names (§7).
  // the same names libraryPageFile() gives (a test holds them together)
  { from: "/library/urn:uuid:*", to: "/" + libraryFile(":splat"), contentType: OPDS2, page: "/info/:splat.html" },
  { from: "/library/:uuid", to: "/" + libraryFile(":uuid"), contentType: OPDS2, page: "/info/:uuid.html" },
  // "Near me": a tile that holds no library (the open sea) is the empty feed, not a 404.
  ...NEARBY_DIRS.map((d) => ({ from: `/${d}/*`, to: "/" + NEARBY_EMPTY_FILE(d), shadowed: true, contentType: OPDS2, plainPage: `/${d === "nearby" ? HOME_FILE : QA_HOME_FILE}` })),
  // Without `q` the OpenSearch description; with `q`, registry serve and the Cloudflare worker
  // answer the search before this table is consulted (a static-only host keeps the description).
  { from: "/search", to: `/${OPENSEARCH_FILE}`, contentType: OPENSEARCH },
  { from: "/qa/search", to: `/${OPENSEARCH_QA_FILE}`, contentType: OPENSEARCH },
];

// --- glob matching (the `*` of _headers paths) -------------------------------------------------
export function pathGlobMatches(glob: string, path: string): boolean {
  const star = glob.indexOf("*");
  if (star < 0) return glob === path;
  return path.startsWith(glob.slice(0, star)) && path.length >= star;
}

/** The Content-Type a file of dist/ is served with when requested by its own path. */
export function contentTypeForFile(file: string): string {
  const path = "/" + file.replace(/^\/+/, "");
  if (OPDS_FILE_PATHS.some((g) => pathGlobMatches(g, path))) return OPDS2;
  if (/\.html$/.test(path)) return HTML_UTF8;
  if (/\.png$/.test(path)) return PNG;
  if (/\.geojson$/.test(path)) return GEOJSON;
  if (/^\/search\/opensearch[\w-]*\.xml$/.test(path)) return OPENSEARCH;
  if (/\.js$/.test(path)) return JAVASCRIPT_UTF8;
  if (/\.css$/.test(path)) return CSS_UTF8;
  if (/\.json$/.test(path)) return JSON_TYPE;
  if (/\.(?:txt|conf)$/.test(path)) return TEXT_UTF8;
  return BINARY;
}

// --- resolving a request ------------------------------------------------------------------------
export interface Resolved {
  /** Relative to the dist/ directory, no leading slash. */
  file: string;
  contentType: string;
  /** The request header the answer depends on (`Vary`), for a negotiated answer. */
  vary?: "Accept";
  /** A browser asked for a feed that has no page of its own: answer an HTML view of `file`. */
  view?: boolean;
}

/** What a host that can read the request's headers passes: `/` is then negotiated. */
export interface Negotiation {
  accept: string | undefined | null;
}

/**
 * `/` for a host that negotiates: the root catalog (what a circulation manager's plain GET of the
 * registry URL needs, feeds.md §5) unless the request prefers HTML (a browser: the web page).
 */
export function negotiateHome(n: Negotiation): Resolved {
  return prefersHtml(n.accept)
    ? { file: HOME_FILE, contentType: HTML_UTF8, vary: "Accept" }
    : { file: ROOT_FILE, contentType: OPDS2, vary: "Accept" };
}

/** The list page (`index` or `qa`, the `:list` of Route.page) for an availability. */
export const listPageOf = (availability: string): string => (availability === "production" ? "index" : "qa");

/** `/search?q=` opened in a browser: the list page, whose script runs the search from `?q=`. */
export const searchPage = (qa: boolean): string => (qa ? QA_HOME_FILE : HOME_FILE);

/**
 * What an app gets for a path nothing answers (registry serve and the Cloudflare worker alike): a
 * library that is not in the registry is `library-not-found`, as in the reference registry (the
 * type keeps its own title, RFC 7807); any other path a plain 404 problem.
 */
export function notFoundProblem(pathname: string, search: string): Problem {
  const detail = `Nothing at ${pathname}${search}`;
  return pathname.startsWith("/library/") ? problem("libraryNotFound", detail) : { type: "about:blank", title: "Not Found", status: 404, detail };
}

/**
 * The answer to a browser for a feed URL that resolved to `feed`: the route's human page when it
 * exists, else a view of the feed. `values` fill the page's placeholders.
 */
function negotiateFeed(route: Route, feed: Resolved, values: Record<string, string>, n: Negotiation, exists?: (file: string) => boolean): Resolved {
  if (!prefersHtml(n.accept)) return { ...feed, vary: "Accept" };
  const page = pageOf(route, values);
  if (page && (!exists || exists(page))) return { file: page, contentType: HTML_UTF8, vary: "Accept" };
  return { ...feed, vary: "Accept", view: true };
}

/** The file of dist/ of a route's human page (Route.page) for these placeholder values, or null. */
export function pageOf(route: Route, values: Record<string, string>): string | null {
  return route.page ? fill(route.page, { ...values, list: listPageOf(values.availability ?? "production") }) : null;
}

/** The first route whose path matches `pathname` (it decides, as on Netlify) and its path placeholders. */
export function routeOf(pathname: string): { route: Route; captures: Record<string, string> } | null {
  const segments = splitPath(pathname);
  if (!segments) return null;
  for (const route of ROUTES) {
    const captures = matchPath(route.from, segments);
    if (captures) return { route, captures };
  }
  return null;
}

/** Placeholder values may only name a file in its folder: no slashes, no dot segments. */
const SAFE_VALUE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function splitPath(pathname: string): string[] | null {
  if (!pathname.startsWith("/")) return null;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split("/")) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === "." || seg === ".." || /[/\\\0]/.test(seg)) return null;
    segments.push(seg);
  }
  // "/libraries/" is "/libraries"; "/" stays the empty list
  if (segments.length && segments[segments.length - 1] === "") segments.pop();
  return segments;
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.slice(1).split("/");
  const captures: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    if (last && part.endsWith("*")) {
      const rest = segments.slice(i).join("/");
      const prefix = part.slice(0, -1);
      if (!rest.startsWith(prefix) || rest.length === prefix.length) return null;
      captures.splat = rest.slice(prefix.length);
      return captures;
    }
    const seg = segments[i];
    if (seg === undefined || seg === "") return null;
    if (part.startsWith(":")) captures[part.slice(1)] = seg;
    else if (part !== seg) return null;
  }
  return segments.length === parts.length ? captures : null;
}

/**
 * A route's template with its placeholders filled, relative to dist/ (no leading slash); null when
 * a value could name anything but a file in its folder. Shared with the Cloudflare worker.
 */
export function fill(template: string, values: Record<string, string>): string | null {
  let ok = true;
  const out = template.replace(/:([A-Za-z]\w*)/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined || !SAFE_VALUE.test(v) || v.includes("..")) ok = false;
    return v ?? "";
  });
  return ok ? out.replace(/^\/+/, "") : null;
}

/**
 * What answers `pathname?query`: a file of dist/ and its Content-Type, or null for a 404.
 *
 * `exists(file)` says whether that regular file (relative to dist/) exists. Without it the
 * answer is the route's target (the caller checks the file; a route's fallback is not tried)
 * or, for a path no route names, the file at that path. Routes are tried before files; Netlify
 * tries files first, which is the same here because no route's path is a file of dist/.
 *
 * With `negotiation` (a host that reads request headers: `registry serve`, nginx, the Cloudflare
 * worker), `/` answers by `Accept` (negotiateHome), and so do the OPDS routes: a browser gets the
 * route's human page or a view of the feed (negotiateFeed); without it, `/` is the web page and
 * every route its file (Netlify, plain file hosts).
 */
export function resolveRequest(pathname: string, query: URLSearchParams, exists?: (file: string) => boolean, negotiation?: Negotiation): Resolved | null {
  const segments = splitPath(pathname);
  if (!segments) return null;
  if (segments.length === 0 && negotiation) {
    const home = negotiateHome(negotiation);
    return !exists || exists(home.file) ? home : null;
  }
  for (const route of ROUTES) {
    const captures = matchPath(route.from, segments);
    if (!captures) continue;
    if (route.shadowed) {
      const own = segments.join("/");
      if (!segments.includes("") && (!exists || exists(own))) {
        const tile = { file: own, contentType: route.contentType };
        return negotiation ? negotiateFeed(route, tile, captures, negotiation, exists) : tile;
      }
    }
    for (const p of route.query ?? []) {
      const v = query.get(p.name);
      const value = v === null || v === "" ? p.default : v;
      if (!p.valid.test(value)) return null;
      captures[p.name] = value;
    }
    for (const template of [route.to, route.fallback]) {
      if (!template) continue;
      const file = fill(template, captures);
      if (!file || (exists && !exists(file))) continue;
      const feed = { file, contentType: route.contentType };
      return negotiation && route.contentType === OPDS2 ? negotiateFeed(route, feed, captures, negotiation, exists) : feed;
    }
    return null; // Netlify: the first matching rule decides
  }
  const file = segments.length === 0 ? HOME_FILE : segments.join("/");
  if (PRIVATE_FILES.has(file) || segments.includes("") || (exists && !exists(file))) return null;
  return { file, contentType: contentTypeForFile(file) };
}

export interface InvalidQuery {
  parameter: string;
  value: string;
  valid: readonly string[];
}

/**
 * Why a request to a faceted route names no file: the first query parameter whose value is not
 * one of its listed values (order, availability), so the answer can list the valid ones. Null
 * when the path is not such a route or every listed parameter is valid.
 */
export function invalidQuery(pathname: string, query: URLSearchParams): InvalidQuery | null {
  const segments = splitPath(pathname);
  if (!segments) return null;
  for (const route of ROUTES) {
    if (!matchPath(route.from, segments)) continue;
    for (const p of route.query ?? []) {
      const v = query.get(p.name);
      if (p.values && v !== null && v !== "" && !p.valid.test(v)) return { parameter: p.name, value: v, valid: p.values };
    }
    return null;
  }
  return null;
}

/** The reference's wording (feeds.md §4, Palace `invalid-input`), plus the values that work. */
export function invalidQueryDetail(q: InvalidQuery): string {
  const what = q.parameter === "order" ? `I don't know how to order a feed by '${q.value}'` : `'${q.value}' is not a valid ${q.parameter}`;
  return `${what}: use one of ${q.valid.join(", ")}.`;
}

/** A resolver over a known list of files (the plan of a build, or a directory listing). */
export function resolverFor(files: Iterable<string>): (pathname: string, query: URLSearchParams) => Resolved | null {
  const set = new Set(files);
  return (pathname, query) => resolveRequest(pathname, query, (f) => set.has(f));
}

// Cloudflare Pages advanced mode (`_worker.js`, bundled from this file by the build): answers `/`
// by Accept, the routes whose file depends on the query string (the crawl, feeds.md §7),
// `/search?q=` from the search index, and the feed URLs by Accept (a browser gets the feed's human
// page, or a view of it, and the 404 page for a missing one); `_routes.json` sends only those
// paths here, every other path is a static asset under _headers and _redirects.
import { HOME_FILE, IMMUTABLE_CACHE_CONTROL, LOGOS_FILE_PATH, NEARBY_DIRS, NEARBY_EMPTY_FILE, NOT_FOUND_FILE, ROOT_FILE, SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE, SEARCH_PATHS, SEARCH_PLACES_FILE, fill, invalidQuery, invalidQueryDetail, libraryFile, negotiateHome, notFoundProblem, pageOf, routeOf, searchPage, type Route } from "../routes.ts";
import { prefersHtml } from "../../opds/accept.ts";
import { directoryTitleOf, renderFeedView } from "../../site/feed-view.ts";
import { HTML_UTF8 } from "../../opds/media-types.ts";
import { parseLocation, type Location } from "../../geo/location.ts";
import { problem } from "../../opds/problem.ts";
import { PROBLEM, PROBLEM_LEGACY } from "../../opds/media-types.ts";
import { CACHE_CONTROL } from "../static-host.ts";
import { withoutTrailingSlashes } from "../urls.ts";
import { OPDS2, PNG } from "../../opds/media-types.ts";
import { LibrarySearch } from "../search/library-search.ts";
import { buildSearchFeed } from "../search/search-feed.ts";
import type { CatalogEntry, CatalogsFeed } from "../documents.ts";

interface Env {
  ASSETS: { fetch(request: Request): Promise<Response> };
}

/** What Cloudflare tells a worker about the caller (only the part we read). */
type GeoRequest = Request & { cf?: { latitude?: string | number; longitude?: string | number } };

// what _headers sets on every path (it does not apply to what the worker answers)
const HEADERS = { "Access-Control-Allow-Origin": "*", "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff" };

/** Pages serves a page without its `.html` (and redirects the name with it): "info/x.html" is /info/x. */
function fetchPage(file: string, url: URL, request: Request, env: Env): Promise<Response> {
  const pretty = "/" + file.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "");
  return env.ASSETS.fetch(new Request(new URL(pretty, url), { method: request.method }));
}

function htmlResponse(body: BodyInit | null, status: number): Response {
  return new Response(body, { status, headers: { "Content-Type": HTML_UTF8, ...HEADERS, Vary: "Accept" } });
}

/**
 * A missing page: the 404 page to a browser; to an app the problem registry serve answers (a
 * library that is not in the registry is `library-not-found`, as in the reference registry).
 */
async function notFound(browser: boolean, url: URL, request: Request, env: Env): Promise<Response> {
  if (browser) {
    const page = await fetchPage(NOT_FOUND_FILE, url, request, env);
    // as registry serve sends it: never cached, since the page may appear with the next build
    if (page.ok || page.status === 404) return new Response(page.body, { status: 404, headers: { "Content-Type": HTML_UTF8, ...HEADERS, "Cache-Control": "no-store", Vary: "Accept" } });
  }
  const r = problemResponse(notFoundProblem(url.pathname, url.search), request);
  r.headers.set("Vary", "Accept");
  return r;
}

/** A feed opened in a browser: its human page when it has one, else a view of the feed itself. */
async function feedForBrowser(route: Route, values: Record<string, string>, feed: Response, file: string, url: URL, request: Request, env: Env): Promise<Response> {
  const page = pageOf(route, values);
  if (page) {
    const r = await fetchPage(page, url, request, env);
    if (r.ok) return htmlResponse(r.body, 200);
  }
  const root = await env.ASSETS.fetch(new Request(new URL(`/${ROOT_FILE}`, url)));
  const directoryTitle = directoryTitleOf(root.ok ? await root.text() : undefined);
  const body = renderFeedView(await feed.json(), { path: url.pathname, file: file.replace(/^\/+/, ""), directoryTitle });
  return htmlResponse(request.method === "HEAD" ? null : body, 200);
}

async function answerRoute(route: Route, captures: Record<string, string>, url: URL, request: Request, env: Env, browser: boolean): Promise<Response> {
  const values: Record<string, string> = { ...captures };
  for (const p of route.query ?? []) {
    const given = url.searchParams.get(p.name);
    const value = given === null || given === "" ? p.default : given;
    if (!p.valid.test(value)) {
      // an unknown order or availability: the problem registry serve answers, listing the valid values
      const bad = invalidQuery(url.pathname, url.searchParams);
      return bad ? problemResponse(problem("invalidInput", invalidQueryDetail(bad), { parameter: bad.parameter, valid: bad.valid }), request) : notFound(browser, url, request, env);
    }
    values[p.name] = value;
  }
  for (const template of [route.to, route.fallback]) {
    const file = template && fill(template, values);
    if (!file) continue;
    const path = `/${file}`;
    const opds = route.contentType === OPDS2;
    // a browser's view reads the feed whole; an app's request keeps its headers (If-None-Match: a 304)
    const asset = await env.ASSETS.fetch(new Request(new URL(path, url), opds && browser ? { method: "GET" } : { method: request.method, headers: request.headers }));
    if (asset.status === 404) continue;
    if (opds && browser && asset.ok) return feedForBrowser(route, values, asset, path, url, request, env);
    const headers = new Headers(asset.headers);
    headers.set("Content-Type", route.contentType);
    for (const [k, v] of Object.entries(HEADERS)) headers.set(k, v);
    if (opds) headers.set("Vary", "Accept");
    return new Response(asset.body, { status: asset.status, headers });
  }
  return notFound(browser, url, request, env);
}

// One index per isolate: a deployment replaces the isolate, and with it the index.
let search: Promise<LibrarySearch> | null = null;

async function loadSearch(url: URL, env: Env): Promise<LibrarySearch> {
  const read = async (file: string, optional = false) => {
    const r = await env.ASSETS.fetch(new Request(new URL(`/${file}`, url)));
    // a deployment built before the places table existed still answers (names and descriptions)
    if (optional && r.status === 404) return undefined;
    if (!r.ok) throw new Error(`${file}: ${r.status}`);
    return r.json();
  };
  const [names, descriptions, places] = await Promise.all([read(SEARCH_INDEX_FILE), read(SEARCH_DESCRIPTIONS_FILE), read(SEARCH_PLACES_FILE, true)]);
  return LibrarySearch.fromFile(names, descriptions, places);
}

async function answerSearch(q: string, qa: boolean, url: URL, request: Request, env: Env): Promise<Response> {
  search ??= loadSearch(url, env).catch((err) => {
    search = null;
    throw err;
  });
  const index = await search;
  const entryOf = async (uuid: string): Promise<CatalogEntry | null> => {
    const r = await env.ASSETS.fetch(new Request(new URL(`/${libraryFile(uuid)}`, url)));
    if (!r.ok) return null;
    return ((await r.json()) as CatalogsFeed).catalogs[0] ?? null;
  };
  const feed = await buildSearchFeed(qa ? index.feeds.qa : index.feeds.production, q, index.search(q, { qa }), entryOf);
  const body = request.method === "HEAD" ? null : JSON.stringify(feed);
  return new Response(body, { status: 200, headers: { "Content-Type": OPDS2, ...HEADERS, Vary: "Accept" } });
}

// "Near me" without a gazetteer: the root catalog with the catalogs of the point's 1° tile, ranked
// for the tile's centre (registry serve ranks for the exact point).
async function answerNearby(at: Location, qa: boolean, url: URL, request: Request, env: Env): Promise<Response> {
  const get = (path: string) => env.ASSETS.fetch(new Request(new URL(path, url)));
  const dir = NEARBY_DIRS[qa ? 1 : 0];
  let tile = await get(`/${dir}/${Math.floor(at.lat)}/${Math.floor(at.lon)}.json`);
  if (tile.status === 404) tile = await get(`/${NEARBY_EMPTY_FILE(dir)}`);
  const feed = (await tile.json()) as CatalogsFeed;
  const catalogs = [...feed.catalogs];
  // the national and "everywhere" libraries follow on the shared page the tile's `next` names
  const next = feed.links.find((l) => l.rel === "next");
  if (next) {
    const wide = await get(new URL(next.href).pathname);
    if (wide.ok) catalogs.push(...((await wide.json()) as CatalogsFeed).catalogs);
  }
  const root = (await (await get(`/${ROOT_FILE}`)).json()) as Record<string, unknown>;
  const body = request.method === "HEAD" ? null : JSON.stringify({ ...root, catalogs });
  return new Response(body, { status: 200, headers: { "Content-Type": OPDS2, ...HEADERS, Vary: "Accept" } });
}

function badLocation(detail: string, request: Request): Response {
  return problemResponse(problem("invalidInput", detail), request);
}

function problemResponse(body: ReturnType<typeof problem>, request: Request): Response {
  // as registry serve: the reference's api-problem+json unless RFC 7807's type is asked for
  const rfc = /application\/problem\+json/i.test(request.headers.get("Accept") ?? "");
  return new Response(JSON.stringify(body), { status: body.status, headers: { "Content-Type": rfc ? PROBLEM : PROBLEM_LEGACY, "Access-Control-Allow-Origin": "*" } });
}

/** `/?_location=`, or for an OPDS client asking for `/` the caller's position as Cloudflare sees it. */
function locationOf(request: GeoRequest, url: URL, html: boolean): Location | string | null {
  const given = url.searchParams.get("_location");
  if (given !== null) return parseLocation(given);
  const cf = request.cf;
  if (url.pathname !== "/" || html || cf?.latitude === undefined || cf.longitude === undefined) return null;
  const at = parseLocation(`${cf.latitude},${cf.longitude}`);
  return typeof at === "string" ? null : at;
}

/** A nearby tile, or the empty feed where no tile is (the open sea): never a 404. */
async function answerTile(route: Route, url: URL, request: Request, env: Env, browser: boolean): Promise<Response> {
  const method = browser ? "GET" : request.method;
  let file = url.pathname;
  let asset = await env.ASSETS.fetch(new Request(url, { method }));
  if (asset.status === 404) asset = await env.ASSETS.fetch(new Request(new URL((file = route.to), url), { method }));
  if (browser && asset.ok) return feedForBrowser(route, {}, asset, file, url, request, env);
  const headers = new Headers(asset.headers);
  headers.set("Content-Type", route.contentType);
  for (const [k, v] of Object.entries(HEADERS)) headers.set(k, v);
  headers.set("Vary", "Accept");
  return new Response(asset.body, { status: asset.status, headers });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const path = withoutTrailingSlashes(url.pathname);
    if (request.method !== "GET" && request.method !== "HEAD") return env.ASSETS.fetch(request);
    if (url.pathname.startsWith(LOGOS_FILE_PATH.slice(0, -1))) {
      // content-hashed: cached for a year (a changed logo is a new file)
      const asset = await env.ASSETS.fetch(request);
      if (asset.status !== 200) return asset;
      const headers = new Headers(asset.headers);
      headers.set("Content-Type", PNG);
      headers.set("Access-Control-Allow-Origin", "*");
      headers.set("Cache-Control", IMMUTABLE_CACHE_CONTROL);
      headers.set("X-Content-Type-Options", "nosniff");
      return new Response(asset.body, { status: asset.status, headers });
    }
    if (url.pathname === "/" || url.pathname === "/qa") {
      const html = negotiateHome({ accept: request.headers.get("Accept") }).file === HOME_FILE;
      const at = locationOf(request as GeoRequest, url, html);
      if (typeof at === "string") return badLocation(at, request);
      if (at) return answerNearby(at, url.pathname === "/qa", url, request, env);
      if (url.pathname === "/qa") return env.ASSETS.fetch(request);
    }
    const browser = prefersHtml(request.headers.get("Accept"));
    const match = routeOf(url.pathname);
    if (match?.route.shadowed) return answerTile(match.route, url, request, env, browser);
    if (url.pathname === "/") {
      const home = negotiateHome({ accept: request.headers.get("Accept") });
      // Pages serves index.html at "/"; the root catalog by its own path
      const asset = await env.ASSETS.fetch(new Request(new URL(home.file === HOME_FILE ? "/" : `/${home.file}`, url), { method: request.method }));
      const headers = new Headers(asset.headers);
      if (home.contentType === OPDS2) headers.set("Content-Type", OPDS2);
      for (const [k, v] of Object.entries(HEADERS)) headers.set(k, v);
      headers.append("Vary", "Accept");
      return new Response(asset.body, { status: asset.status, headers });
    }
    const q = url.searchParams.get("q");
    if (path in SEARCH_PATHS && q !== null && q.trim() !== "") {
      const qa = SEARCH_PATHS[path as keyof typeof SEARCH_PATHS];
      // a browser gets the list page, whose script runs the search from ?q=
      if (browser) {
        const page = await fetchPage(searchPage(qa), url, request, env);
        if (page.ok) return htmlResponse(page.body, 200);
      }
      return answerSearch(q, qa, url, request, env);
    }
    // _headers does not apply to what a worker answers: the route's own file, typed here
    return match ? answerRoute(match.route, match.captures, url, request, env, browser) : env.ASSETS.fetch(request);
  },
};

// Cloudflare Pages advanced mode (`_worker.js`, bundled from this file by the build): answers `/`
// by Accept, the routes whose file depends on the query string (the crawl, feeds.md §7) and
// `/search?q=` from the search index; `_routes.json` sends only those paths here, every other
// path is a static asset under _headers and _redirects.
import { HOME_FILE, ROUTES, SEARCH_DESCRIPTIONS_FILE, SEARCH_INDEX_FILE, SEARCH_PATHS, libraryFile, negotiateHome, type Route } from "../routes.ts";
import { CACHE_CONTROL } from "../static-host.ts";
import { OPDS2 } from "../../opds/media-types.ts";
import { LibrarySearch } from "../search/library-search.ts";
import { buildSearchFeed } from "../search/search-feed.ts";
import type { CatalogEntry, CatalogsFeed } from "../documents.ts";

interface Env {
  ASSETS: { fetch(request: Request): Promise<Response> };
}

const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const HEADERS = { "Access-Control-Allow-Origin": "*", "Cache-Control": CACHE_CONTROL };

function fill(template: string, values: Record<string, string>): string | null {
  let ok = true;
  const path = template.replace(/:([A-Za-z]\w*)/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined || !SAFE.test(v) || v.includes("..")) ok = false;
    return v ?? "";
  });
  return ok ? path : null;
}

const notFound = () => new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

async function answerRoute(route: Route, url: URL, request: Request, env: Env): Promise<Response> {
  const values: Record<string, string> = {};
  for (const p of route.query ?? []) {
    const given = url.searchParams.get(p.name);
    const value = given === null || given === "" ? p.default : given;
    if (!p.valid.test(value)) return notFound();
    values[p.name] = value;
  }
  for (const template of [route.to, route.fallback]) {
    const path = template && fill(template, values);
    if (!path) continue;
    const asset = await env.ASSETS.fetch(new Request(new URL(path, url), { method: request.method }));
    if (asset.status === 404) continue;
    const headers = new Headers(asset.headers);
    headers.set("Content-Type", route.contentType);
    for (const [k, v] of Object.entries(HEADERS)) headers.set(k, v);
    return new Response(asset.body, { status: asset.status, headers });
  }
  return notFound();
}

// One index per isolate: a deployment replaces the isolate, and with it the index.
let search: Promise<LibrarySearch> | null = null;

async function loadSearch(url: URL, env: Env): Promise<LibrarySearch> {
  const read = async (file: string) => {
    const r = await env.ASSETS.fetch(new Request(new URL(`/${file}`, url)));
    if (!r.ok) throw new Error(`${file}: ${r.status}`);
    return r.json();
  };
  const [names, descriptions] = await Promise.all([read(SEARCH_INDEX_FILE), read(SEARCH_DESCRIPTIONS_FILE)]);
  return LibrarySearch.fromFile(names, descriptions);
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
  return new Response(body, { status: 200, headers: { "Content-Type": OPDS2, ...HEADERS } });
}

/** `s` without trailing slashes: a loop, since /\/+$/ backtracks quadratically on a run of slashes. */
function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === "/") end--;
  return s.slice(0, end);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const path = withoutTrailingSlashes(url.pathname);
    if (request.method !== "GET" && request.method !== "HEAD") return env.ASSETS.fetch(request);
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
      return answerSearch(q, SEARCH_PATHS[path as keyof typeof SEARCH_PATHS], url, request, env);
    }
    // _headers does not apply to what a worker answers: the route's own file, typed here
    const route = ROUTES.find((r) => r.from === path && (r.query?.length || path in SEARCH_PATHS));
    return route ? answerRoute(route, url, request, env) : env.ASSETS.fetch(request);
  },
};

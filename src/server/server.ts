// `registry serve`: serves dist/ with the media types and URL rewrites the apps and the
// circulation manager need, and answers GET/POST /register with the registration handshake.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream";
import { createGzip } from "node:zlib";
import { GEOJSON, OPDS2, OPDS2_DIRECTORY, REL, HTML } from "../opds/media-types.ts";
import { parseLocation } from "../geo/index.ts";
import { nearbyRootCatalog } from "./nearby.ts";
import { coverageDocument } from "./coverage.ts";
import { problem } from "../opds/problem.ts";
import { CACHE_CONTROL, NOT_FOUND_FILE, ROOT_FILE, cacheControlForFile, invalidQuery, invalidQueryDetail, notFoundProblem, resolveRequest, searchPage, type Resolved } from "../directory/routes.ts";
import { HTML_UTF8 } from "../opds/media-types.ts";
import { prefersHtml } from "../opds/accept.ts";
import { directoryTitleOf, renderFeedView } from "../site/feed-view.ts";
import { warmBearerIndex } from "../registry/bearer.ts";
import { registerLibrary, type RegistrationContext, type RegistrationRequest, type RegistrationResult } from "../registry/register.ts";
import { FormError, readBody, readForm } from "./form.ts";
import { HEALTH_JSON, heartbeat, versionInfo, type VersionInfo } from "./health.ts";
import { ADOBE_XML, type adobeVendorId } from "../registry/adobe-vendor-id.ts";
import { sendJson, sendProblem } from "./respond.ts";
import { SearchService, searchRequest } from "./search.ts";

export interface ServeOptions {
  outDir: string;
  /** When given, POST /register runs the handshake and writes to this context's libraries folder. */
  registration?: RegistrationContext;
  termsOfServiceUrl?: string | null;
  log?: (line: string) => void;
  /**
   * Records a registration (default: `registerLibrary`, which writes the context's libraries
   * folder). `register.persist: github` passes one that opens a pull request instead.
   */
  register?: (req: RegistrationRequest, ctx: RegistrationContext) => Promise<RegistrationResult>;
  /** Called after each successful registration (e.g. to rebuild dist/). */
  onRegistered?: (slug: string) => void;
  /** Adobe Vendor ID endpoints; absent: /AdobeAuth/* is a 404. */
  adobe?: ReturnType<typeof adobeVendorId>;
  /** What /heartbeat and /version.json report (default: read at start). */
  version?: VersionInfo;
}

const TEXT_TYPES = /json|html|xml|text|javascript|css/;

export function createRegistryServer(opts: ServeOptions): Server {
  const search = new SearchService(opts.outDir);
  opts.version ??= versionInfo();
  // The first Bearer must not pay for reading every entry: the digest index is read at start.
  const reg = opts.registration;
  if (reg?.registryPrivateKey) warmBearerIndex(reg.librariesDir ?? reg.config.libraries_dir);
  return createServer((req, res) => {
    handle(req, res, opts, search).catch((err) => {
      opts.log?.(`error: ${(err as Error).stack}`);
      if (!res.headersSent) sendProblem(req, res, problem("internal", "The registry failed to answer this request."));
      else res.destroy();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServeOptions, search: SearchService) {
  // An origin-form target is a path: "//x" is the path "//x", not a URL whose host is "x".
  const target = req.url ?? "/";
  const url = new URL(target.startsWith("/") ? `http://registry.invalid${target}` : target, "http://registry.invalid");
  const started = Date.now();
  res.on("finish", () => opts.log?.(`${req.method} ${url.pathname}${url.search} ${res.statusCode} ${Date.now() - started}ms`));

  if (req.method === "OPTIONS") {
    res.writeHead(204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS", "Access-Control-Allow-Headers": "Authorization, Content-Type" });
    return res.end();
  }
  if (url.pathname === "/register") return handleRegister(req, res, opts);
  if (url.pathname.startsWith("/AdobeAuth/")) return handleAdobe(req, res, url.pathname, opts);
  if ((url.pathname === "/heartbeat" || url.pathname === "/version.json") && (req.method === "GET" || req.method === "HEAD")) {
    const health = url.pathname === "/heartbeat";
    return sendJson(res, 200, health ? HEALTH_JSON : "application/json", health ? heartbeat(opts.version!) : opts.version, { "Cache-Control": "no-store" });
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendProblem(req, res, problem("methodNotAllowed", `${req.method} is not allowed on ${url.pathname}`), { Allow: "GET, HEAD" });
  }
  if (url.pathname === "/coverage") {
    if (!url.searchParams.has("coverage")) return sendProblem(req, res, problem("invalidInput", "Send the area to check as ?coverage=, e.g. ?coverage={\"US\": [\"Kings County, NY\"]}"));
    const doc = coverageDocument(url.searchParams.get("coverage") ?? "");
    if (typeof doc === "string") return sendProblem(req, res, problem("invalidInput", doc));
    return sendJson(res, 200, GEOJSON, doc, { "Cache-Control": CACHE_CONTROL });
  }
  // The reference's "libraries near you": the root catalog with the libraries near a point.
  if ((url.pathname === "/" || url.pathname === "/qa") && url.searchParams.has("_location")) {
    const at = parseLocation(url.searchParams.get("_location") ?? "");
    if (typeof at === "string") return sendProblem(req, res, problem("invalidInput", at));
    return sendJson(res, 200, OPDS2, nearbyRootCatalog(opts.outDir, at, url.pathname === "/qa"), { "Cache-Control": CACHE_CONTROL });
  }
  const isFile = (f: string) => {
    try {
      return statSync(join(opts.outDir, f)).isFile();
    } catch {
      return false;
    }
  };
  // A person who opens a feed URL or a missing page in a browser gets a page; apps get JSON.
  const browser = prefersHtml(req.headers.accept);
  const asked = searchRequest(url.pathname, url.searchParams);
  if (asked) {
    // the list page runs the search from ?q= itself
    const page = searchPage(asked.qa);
    if (browser && isFile(page)) return sendFile(req, res, join(opts.outDir, page), HTML_UTF8, CACHE_CONTROL, opts.log, "Accept");
    const feed = await search.answer(asked.q, asked.qa);
    return sendJson(res, 200, OPDS2, feed, { "Cache-Control": CACHE_CONTROL, Vary: "Accept, Accept-Encoding" });
  }
  // The same route table that writes dist/_redirects, so this server and a static host agree.
  const route = resolveRequest(url.pathname, url.searchParams, isFile, { accept: req.headers.accept });
  const badQuery = route ? null : invalidQuery(url.pathname, url.searchParams);
  if (badQuery) return sendProblem(req, res, problem("invalidInput", invalidQueryDetail(badQuery), { parameter: badQuery.parameter, valid: badQuery.valid }));
  if (!route) {
    if (browser && isFile(NOT_FOUND_FILE)) return sendFile(req, res, join(opts.outDir, NOT_FOUND_FILE), HTML_UTF8, "no-store", opts.log, "Accept", 404);
    return sendProblem(req, res, notFoundProblem(url.pathname, url.search), { Vary: "Accept" });
  }
  if (route.view) return sendFeedView(req, res, opts.outDir, route, url.pathname);
  await sendFile(req, res, join(opts.outDir, route.file), route.contentType, cacheControlForFile(route.file), opts.log, route.vary);
}

/** A feed with no human page, opened in a browser: a small HTML view of it (src/site/feed-view.ts). */
async function sendFeedView(req: IncomingMessage, res: ServerResponse, outDir: string, route: Resolved, path: string) {
  const feed = JSON.parse(await readFile(join(outDir, route.file), "utf8")) as unknown;
  const directoryTitle = directoryTitleOf(await readFile(join(outDir, ROOT_FILE), "utf8").catch(() => undefined));
  const body = renderFeedView(feed, { path, file: route.file, directoryTitle });
  // the same headers as the feed this URL also answers (a CDN keeps both, by Accept)
  res.writeHead(200, { "Content-Type": HTML_UTF8, "Content-Length": Buffer.byteLength(body), "Cache-Control": CACHE_CONTROL, "Access-Control-Allow-Origin": "*", Vary: "Accept" });
  res.end(req.method === "HEAD" ? undefined : body);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, cacheControl: string, log?: (line: string) => void, vary?: string, status = 200) {
  // Opened before any header goes out: a file gone since the route was resolved (a rebuild
  // swapping dist/) is a problem answer, not a broken 200.
  const handle = await open(file, "r");
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (err) {
    await handle.close();
    throw err;
  }
  const gzip = TEXT_TYPES.test(type) && size > 1024 && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const headers: Record<string, string | number> = { "Content-Type": type, "Cache-Control": cacheControl, "Access-Control-Allow-Origin": "*", Vary: vary ? `${vary}, Accept-Encoding` : "Accept-Encoding" };
  if (gzip) headers["Content-Encoding"] = "gzip";
  else headers["Content-Length"] = size;
  res.writeHead(status, headers);
  if (req.method === "HEAD") {
    await handle.close();
    return res.end();
  }
  // pipeline, not pipe: a read error must end this response, never crash the server
  const done = (err: NodeJS.ErrnoException | null) => {
    if (!err) return;
    log?.(`error: sending ${file}: ${err.message}`);
    res.destroy();
  };
  const stream = handle.createReadStream();
  if (gzip) pipeline(stream, createGzip(), res, done);
  else pipeline(stream, res, done);
}

async function handleRegister(req: IncomingMessage, res: ServerResponse, opts: ServeOptions) {
  if (req.method === "GET" || req.method === "HEAD") {
    const terms = opts.termsOfServiceUrl;
    const body = terms ? { links: [{ rel: REL.termsOfService, type: HTML, href: terms }] } : {};
    return sendJson(res, 200, OPDS2_DIRECTORY, body, { "Cache-Control": "no-store" });
  }
  if (req.method !== "POST") {
    return sendProblem(req, res, problem("methodNotAllowed", `${req.method} is not allowed on /register`), { Allow: "GET, HEAD, POST" });
  }
  if (!opts.registration) {
    return sendProblem(req, res, problem("methodNotAllowed", "This server does not accept registrations."), { Allow: "GET, HEAD" });
  }
  let form: Record<string, string>;
  try {
    form = await readForm(req);
  } catch (err) {
    if (err instanceof FormError) return sendProblem(req, res, problem(err.key, err.message));
    throw err;
  }
  const auth = req.headers.authorization;
  const result = await (opts.register ?? registerLibrary)(
    { url: form.url, contact: form.contact, stage: form.stage, reset_shared_secret: form.reset_shared_secret, authorization: auth },
    opts.registration,
  );
  if (!result.ok) {
    const extra: Record<string, string> = result.problem.status === 401 ? { "WWW-Authenticate": 'Bearer realm="registry"' } : result.problem.status === 503 ? { "Retry-After": "60" } : {};
    return sendProblem(req, res, result.problem, { ...extra, "Cache-Control": "no-store" });
  }
  sendJson(res, result.status, OPDS2_DIRECTORY, result.document, { "Cache-Control": "no-store" });
  opts.onRegistered?.(result.slug);
}

async function handleAdobe(req: IncomingMessage, res: ServerResponse, path: string, opts: ServeOptions) {
  const adobe = opts.adobe;
  if (!adobe) {
    return sendProblem(req, res, { type: "about:blank", title: "Not Found", status: 404, detail: "This registry does not run Adobe Vendor ID (adobe_vendor_id and the registry key are not both configured)." });
  }
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (path === "/AdobeAuth/Status") {
    if (req.method !== "GET" && req.method !== "HEAD") return sendProblem(req, res, problem("methodNotAllowed", `${req.method} is not allowed on ${path}`), { Allow: "GET, HEAD" });
    return send(200, "text/plain; charset=utf-8", "UP");
  }
  const handler = path === "/AdobeAuth/SignIn" ? adobe.signIn : path === "/AdobeAuth/AccountInfo" ? adobe.accountInfo : undefined;
  if (!handler) return sendProblem(req, res, { type: "about:blank", title: "Not Found", status: 404, detail: `Nothing at ${path}` });
  if (req.method !== "POST") return sendProblem(req, res, problem("methodNotAllowed", `${req.method} is not allowed on ${path}`), { Allow: "POST" });
  let body: Buffer;
  try {
    body = await readBody(req, 16 * 1024);
  } catch (err) {
    if (err instanceof FormError) return sendProblem(req, res, problem(err.key, err.message));
    throw err;
  }
  const answer = handler(body.toString("utf8"));
  send(answer.status, ADOBE_XML, answer.body);
}

// The Cloudflare Pages worker to a person and to an app, as registry serve answers them
// (test/server/browser-pages.test.ts): a feed URL opened in a browser is its human page or a view
// of the feed, a missing page the 404 page, with Vary: Accept; apps keep the JSON of before. The
// stand-in for the ASSETS binding behaves as Pages does with pages: `/x` serves x.html, `/x.html`
// redirects to `/x`, a missing asset is 404.html with status 404.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { APP_ACCEPTS, BROWSER_ACCEPTS, PLACED_NAME, PLACED_TILE, appFeedPaths, buildBrowserDirectory, placedUuid } from "../support/browser-directory.ts";
import { snapshotUuid } from "../support/snapshot-libraries.ts";

const ORIGIN = "https://pages.example";
let dist = "";
let worker: { fetch(req: Request, env: unknown): Promise<Response> };
const file = (f: string) => readFileSync(join(dist, f), "utf8");
const varies = (r: Response) => /(^|,\s*)Accept(,|$)/.test(r.headers.get("vary") ?? "");
const isFile = (p: string) => p.startsWith(dist) && existsSync(p) && statSync(p).isFile();

const env = {
  ASSETS: {
    async fetch(req: Request) {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path.endsWith(".html")) return new Response(null, { status: 308, headers: { Location: path.replace(/(index)?\.html$/, "") } });
      const candidates = path.endsWith("/") ? [join(dist, path, "index.html")] : [join(dist, path), join(dist, `${path}.html`)];
      const found = candidates.find(isFile);
      const type = (p: string) => (p.endsWith(".html") ? "text/html; charset=utf-8" : "application/json");
      if (found) {
        // as Pages: an ETag, and a 304 to a request that already holds it
        const etag = `"${statSync(found).size}-${statSync(found).mtimeMs}"`;
        if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
        return new Response(req.method === "HEAD" ? null : readFileSync(found), { status: 200, headers: { "Content-Type": type(found), ETag: etag } });
      }
      return new Response(readFileSync(join(dist, "404.html")), { status: 404, headers: { "Content-Type": "text/html; charset=utf-8" } });
    },
  },
};
const get = (path: string, accept?: string) => worker.fetch(new Request(ORIGIN + path, { headers: accept ? { Accept: accept } : {} }), env);

test.before(async () => {
  dist = await buildBrowserDirectory(ORIGIN);
  worker = (await import(pathToFileURL(join(dist, "_worker.js")).href)).default;
});

test.after(() => rmSync(dirname(dist), { recursive: true, force: true }));

const uuid = snapshotUuid(2);

test("a browser opening a feed URL gets the feed's own page, with Vary: Accept", async () => {
  const pages: [string, string][] = [
    ["/libraries", "index.html"],
    ["/libraries?availability=all", "qa.html"],
    ["/libraries/qa", "qa.html"],
    ["/libraries/crawlable?offset=20", "index.html"],
    ["/libraries/crawlable?availability=hidden", "qa.html"],
    [`/library/${uuid}`, `info/${uuid}.html`],
    [`/library/urn:uuid:${uuid}`, `info/${uuid}.html`],
    ["/search?q=library", "index.html"],
    ["/qa/search?q=library", "qa.html"],
  ];
  for (const accept of BROWSER_ACCEPTS) {
    for (const [path, page] of pages) {
      const r = await get(path, accept);
      assert.is(r.status, 200, path);
      assert.is(r.headers.get("content-type"), "text/html; charset=utf-8", path);
      assert.ok(varies(r), path);
      assert.is(await r.text(), file(page), path);
    }
  }
});

test("a tile opened in a browser is the same view of the feed registry serve renders", async () => {
  for (const accept of BROWSER_ACCEPTS) {
    const r = await get(PLACED_TILE, accept);
    assert.is(r.status, 200);
    assert.is(r.headers.get("content-type"), "text/html; charset=utf-8");
    assert.ok(varies(r));
    const html = await r.text();
    assert.match(html, "<h1>Libraries near you</h1>");
    assert.match(html, `<a class="name" href="/info/${placedUuid}.html"><strong>Tom &amp; Jerry&#39;s &lt;Library&gt;</strong></a>`);
    assert.not.match(html, PLACED_NAME);
    assert.match(html, "<title>Libraries near you · Browser Test Registry</title>");
    const sea = await get("/nearby-qa/10/-30.json", accept);
    assert.is(sea.status, 200);
    assert.match(await sea.text(), "No library in this list.");
  }
});

test("a missing library or crawl page opened in a browser is the 404 page, with Vary: Accept", async () => {
  for (const accept of BROWSER_ACCEPTS) {
    for (const path of [`/library/${snapshotUuid(999)}`, `/library/urn:uuid:${snapshotUuid(999)}`, `/library/${snapshotUuid(999)}/focus`]) {
      const r = await get(path, accept);
      assert.is(r.status, 404, path);
      assert.is(r.headers.get("content-type"), "text/html; charset=utf-8", path);
      assert.ok(varies(r), path);
      assert.is(await r.text(), file("404.html"), path);
    }
  }
});

test("apps keep the JSON answers; a missing library is the problem registry serve answers", async () => {
  const feeds = appFeedPaths(uuid);
  for (const accept of APP_ACCEPTS) {
    for (const [path, f] of feeds) {
      const r = await get(path, accept);
      assert.is(r.status, 200, `${path} ${accept}`);
      assert.is(r.headers.get("content-type"), "application/opds+json", `${path} ${accept}`);
      assert.ok(varies(r), path);
      // what _headers gave these paths before the worker answered them
      assert.is(r.headers.get("access-control-allow-origin"), "*", path);
      assert.is(r.headers.get("x-content-type-options"), "nosniff", path);
      assert.match(r.headers.get("cache-control") ?? "", /max-age=43200/, path);
      assert.is(await r.text(), file(f), `${path} ${accept}`);
    }
    const areas = await get(`/library/${uuid}/eligibility`, accept);
    assert.is(areas.headers.get("content-type"), "application/geo+json", "the areas under /library/ come through the worker typed as before");
    const search = await get("/search?q=library", accept);
    assert.is(search.headers.get("content-type"), "application/opds+json");
    // the problem registry serve answers (test/server/browser-pages.test.ts), not a text 404
    const missing = await get(`/library/${snapshotUuid(999)}`, accept);
    assert.is(missing.status, 404);
    assert.match(missing.headers.get("content-type") ?? "", /^application\/(api-)?problem\+json/);
    assert.ok(varies(missing));
    const body = await missing.json();
    assert.is(body.type, "http://librarysimplified.org/terms/problem/library-not-found");
    assert.is(body.status, 404);
    assert.match(body.detail, snapshotUuid(999));
  }
});

test("an app's conditional request reaches the assets: a feed it already holds is a 304", async () => {
  const first = await get(`/library/${uuid}`, "application/opds+json");
  const etag = first.headers.get("etag");
  assert.ok(etag, "the asset's ETag comes through");
  const again = await worker.fetch(new Request(`${ORIGIN}/library/${uuid}`, { headers: { Accept: "application/opds+json", "If-None-Match": etag! } }), env);
  assert.is(again.status, 304);
});

test("the 404 page a browser gets is never cached and carries the headers every answer has", async () => {
  const r = await get(`/library/${snapshotUuid(999)}`, BROWSER_ACCEPTS[0]);
  assert.is(r.status, 404);
  assert.is(r.headers.get("cache-control"), "no-store");
  assert.is(r.headers.get("x-content-type-options"), "nosniff");
  assert.is(r.headers.get("access-control-allow-origin"), "*");
});

test("dist/404.html is the page Pages itself serves for every other missing path", () => {
  const page = file("404.html");
  assert.match(page, "<h1>Page not found</h1>");
  assert.match(page, "<title>Page not found · Browser Test Registry</title>");
});

test.run();

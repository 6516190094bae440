// `registry serve` to a person and to an app: a feed URL opened in a browser is the feed's human
// page (or a small view of the feed), a missing page is the 404 page, each with Vary: Accept; an
// app (no Accept, */*, OPDS, JSON) gets the same JSON answers as before, byte for byte.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRegistryServer } from "../../src/server/server.ts";
import { APP_ACCEPTS, BROWSER_ACCEPTS, PLACED_NAME, PLACED_TILE, appFeedPaths, buildBrowserDirectory, placedUuid } from "../support/browser-directory.ts";
import { snapshotUuid } from "../support/snapshot-libraries.ts";

const BASE_URL = "https://browser.test";
let dist = "";
let server: Server;
let base = "";
const file = (f: string) => readFileSync(join(dist, f), "utf8");
const varies = (r: Response) => /(^|,\s*)Accept(,|$)/.test(r.headers.get("vary") ?? "");

test.before(async () => {
  dist = await buildBrowserDirectory(BASE_URL);
  server = createRegistryServer({ outDir: dist });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after(async () => {
  server.closeAllConnections();
  await new Promise<void>((ok) => server.close(() => ok()));
  rmSync(dirname(dist), { recursive: true, force: true });
});

const uuid = snapshotUuid(2);
/** Feed URLs with a human page of their own, and that page. */
const PAGES: [string, string][] = [
  ["/libraries", "index.html"],
  ["/libraries?order=modified", "index.html"],
  ["/libraries?availability=all", "qa.html"],
  ["/libraries?availability=hidden&order=name-desc", "qa.html"],
  ["/libraries/qa", "qa.html"],
  ["/libraries/crawlable", "index.html"],
  ["/libraries/crawlable?offset=20&availability=all", "qa.html"],
  [`/library/${uuid}`, `info/${uuid}.html`],
  [`/library/urn:uuid:${uuid}`, `info/${uuid}.html`],
  ["/search?q=library", "index.html"],
  ["/qa/search?q=library", "qa.html"],
];

test("a browser opening a feed URL gets the feed's own page, with Vary: Accept", async () => {
  for (const accept of BROWSER_ACCEPTS) {
    for (const [path, page] of PAGES) {
      const r = await fetch(base + path, { headers: { Accept: accept } });
      assert.is(r.status, 200, path);
      assert.is(r.headers.get("content-type"), "text/html; charset=utf-8", path);
      assert.ok(varies(r), `${path}: Vary ${r.headers.get("vary")}`);
      assert.is(await r.text(), file(page), path);
    }
  }
});

test("a tile (no page of its own) opened in a browser is a small view of the feed: its title, each library linked, escaped", async () => {
  for (const accept of BROWSER_ACCEPTS) {
    const r = await fetch(base + PLACED_TILE, { headers: { Accept: accept } });
    assert.is(r.status, 200);
    assert.is(r.headers.get("content-type"), "text/html; charset=utf-8");
    assert.ok(varies(r));
    assert.is(r.headers.get("access-control-allow-origin"), "*", "as the feed the same URL answers apps");
    const html = await r.text();
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, "<h1>Libraries near you</h1>");
    assert.match(html, `<a class="name" href="/info/${placedUuid}.html"><strong>Tom &amp; Jerry&#39;s &lt;Library&gt;</strong></a>`);
    assert.not.match(html, PLACED_NAME, "the name is escaped");
    assert.match(html, /<a href="\/nearby\/wide\/[0-9a-f]+\.json" rel="next">/, "the next page, on this host");
    assert.match(html, "<title>Libraries near you · Browser Test Registry</title>");
    const sea = await fetch(`${base}/nearby/10/-30.json`, { headers: { Accept: accept } });
    assert.is(sea.status, 200);
    assert.match(await sea.text(), "No library in this list.");
  }
});

test("a missing page opened in a browser is the 404 page, with Vary: Accept", async () => {
  for (const accept of BROWSER_ACCEPTS) {
    for (const path of ["/nothing-here", "/info/nope.html", `/library/${snapshotUuid(999)}`, `/library/urn:uuid:${snapshotUuid(999)}`, "/_headers"]) {
      const r = await fetch(base + path, { headers: { Accept: accept } });
      assert.is(r.status, 404, path);
      assert.is(r.headers.get("content-type"), "text/html; charset=utf-8", path);
      assert.ok(varies(r), path);
      const html = await r.text();
      assert.is(html, file("404.html"), path);
    }
  }
  const page = file("404.html");
  assert.match(page, "<h1>Page not found</h1>");
  assert.match(page, /<a href="\/">Go to the list of all libraries<\/a>/, "a link home");
  assert.match(page, /<form class="find" role="search" action="\/" method="get">[\s\S]*name="q"/, "a search, run by the list page");
});

test("apps keep the JSON answers: feeds byte for byte, problems for missing pages", async () => {
  const feeds = appFeedPaths(uuid);
  for (const accept of APP_ACCEPTS) {
    const headers: Record<string, string> = accept ? { Accept: accept } : {};
    for (const [path, f] of feeds) {
      const r = await fetch(base + path, { headers });
      assert.is(r.status, 200, `${path} ${accept}`);
      assert.is(r.headers.get("content-type"), "application/opds+json", `${path} ${accept}`);
      assert.ok(varies(r), path);
      assert.is(await r.text(), file(f), `${path} ${accept}`);
    }
    const search = await fetch(`${base}/search?q=library`, { headers });
    assert.is(search.headers.get("content-type"), "application/opds+json");
    assert.ok(Array.isArray((await search.json()).catalogs));
    const missing = await fetch(`${base}/library/${snapshotUuid(999)}`, { headers });
    assert.is(missing.status, 404);
    assert.is(missing.headers.get("content-type"), "application/api-problem+json");
    assert.is((await missing.json()).type, "http://librarysimplified.org/terms/problem/library-not-found");
    const other = await fetch(`${base}/nothing-here`, { headers });
    assert.is(other.status, 404);
    assert.is(other.headers.get("content-type"), "application/api-problem+json");
    assert.is((await other.json()).detail, "Nothing at /nothing-here");
  }
});

test("what is not a feed stays as it was for a browser: a bad facet is a problem, a feed's own file JSON, HEAD has no body", async () => {
  const bad = await fetch(`${base}/libraries?order=sideways`, { headers: { Accept: BROWSER_ACCEPTS[0] } });
  assert.is(bad.status, 400);
  assert.match(bad.headers.get("content-type") ?? "", /problem\+json/);
  const own = await fetch(`${base}/feeds/libraries-qa.json`, { headers: { Accept: BROWSER_ACCEPTS[0] } });
  assert.is(own.headers.get("content-type"), "application/opds+json", "the file behind a feed, for developers");
  const head = await fetch(base + PLACED_TILE, { method: "HEAD", headers: { Accept: BROWSER_ACCEPTS[0] } });
  assert.is(head.status, 200);
  assert.is(head.headers.get("content-type"), "text/html; charset=utf-8");
  assert.is(await head.text(), "");
});

test.run();

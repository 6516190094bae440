import { test } from "uvu";
import * as assert from "uvu/assert";
import { planSite } from "../../src/directory/site-map.ts";
import { ROUTES, NEARBY_DIRS, NEARBY_EMPTY_FILE, areaFile, crawlEndFile, crawlFile, librariesFacetFile, libraryFile, resolveRequest, resolverFor, contentTypeForFile } from "../../src/directory/routes.ts";
import { CONFIG, sampleLibraries, uuid } from "../fixtures/directory/sample-libraries.ts";
import { HOME_FILE, QA_HOME_FILE, pageOf, routeOf } from "../../src/directory/routes.ts";
import { libraryPageFile, listPageFile } from "../../src/directory/web/paths.ts";

const files = planSite(sampleLibraries(), CONFIG).map((f) => f.path).concat(["index.html", "qa.html", "build-report.json"]);
const resolve = resolverFor(files);
const get = (url: string) => {
  const u = new URL(url, "https://registry.example.org");
  return resolve(u.pathname, u.searchParams);
};
const OPDS = "application/opds+json";

test("the reference URLs answer with their feed files as application/opds+json", () => {
  // Palace's /libraries defaults: production, by name
  assert.equal(get("/libraries"), { file: "feeds/libraries/production-name.json", contentType: OPDS });
  assert.equal(get("/libraries/"), { file: "feeds/libraries/production-name.json", contentType: OPDS });
  assert.equal(get("/libraries?order=modified-asc&availability=hidden"), { file: "feeds/libraries/hidden-modified-asc.json", contentType: OPDS });
  assert.equal(get("/libraries?availability=all"), { file: "feeds/libraries/all-name.json", contentType: OPDS });
  assert.equal(get("/libraries/qa"), { file: "feeds/libraries-qa.json", contentType: OPDS });
  assert.equal(get("/root.json"), { file: "root.json", contentType: OPDS });
  assert.equal(get("/feeds/libraries.json"), { file: "feeds/libraries.json", contentType: OPDS }, "the file's own URL too");
});

test("/library/{uuid} with or without urn:uuid:, percent-encoded or not", () => {
  const want = { file: libraryFile(uuid(3)), contentType: OPDS };
  assert.equal(get(`/library/${uuid(3)}`), want);
  assert.equal(get(`/library/urn:uuid:${uuid(3)}`), want);
  assert.equal(get(`/library/urn%3Auuid%3A${uuid(3)}`), want);
  assert.equal(get(`/library/${uuid(7)}`)?.file, libraryFile(uuid(7)), "cancelled libraries still answer");
  assert.is(get(`/library/${uuid(99)}`), null, "unknown library: 404");
  assert.is(get("/library/urn:uuid:"), null);
});

test("crawlable: parameters pick the page; defaults are offset 0, production, modified", () => {
  assert.equal(get("/libraries/crawlable?offset=3&size=113&availability=all&order=name"), { file: crawlFile("all", "name", 3), contentType: OPDS });
  assert.equal(get("/libraries/crawlable")?.file, crawlFile("production", "modified", 0));
  assert.equal(get("/libraries/crawlable?availability=hidden")?.file, crawlFile("hidden", "modified", 0));
  assert.equal(get("/libraries/crawlable?order=name")?.file, crawlFile("production", "name", 0));
  assert.equal(get("/libraries/crawlable?offset=&order=name")?.file, crawlFile("production", "name", 0), "empty means absent");
  assert.equal(get("/libraries/crawlable?offset=6&availability=all")?.file, crawlFile("all", "modified", 6));
});

test("crawlable: offsets with no page fall back to the empty terminal page", () => {
  assert.equal(get("/libraries/crawlable?offset=1000&availability=all&order=name")?.file, crawlEndFile("all", "name"));
  assert.equal(get("/libraries/crawlable?offset=1&order=name")?.file, crawlEndFile("production", "name"));
  // without an existence check the caller gets the named page and checks it itself
  assert.equal(resolveRequest("/libraries/crawlable", new URLSearchParams("offset=1000"))?.file, crawlFile("production", "modified", 1000));
});

test("crawlable: unknown orders and availabilities, odd offsets are 404s", () => {
  for (const q of ["order=natural", "availability=production,hidden", "order=../../etc", "offset=-3", "offset=1e3", "offset=0x10", "offset=007"]) {
    assert.is(get(`/libraries/crawlable?${q}`), null, q);
  }
});

test("no way out of dist/, no host files, no unknown paths", () => {
  for (const p of ["/../etc/passwd", "/feeds/../../etc/passwd", "/library/..%2F..%2Fetc", "/library/urn:uuid:..", "/_headers", "/_redirects", "/nope", "/feeds/%ZZ", "/library/a/b"]) {
    assert.is(get(p), null, p);
  }
  assert.is(resolveRequest("relative", new URLSearchParams()), null);
});

test("the human pages and other files are served by their own paths and types", () => {
  assert.equal(get("/"), { file: "index.html", contentType: "text/html; charset=utf-8" });
  assert.equal(get("/qa.html"), { file: "qa.html", contentType: "text/html; charset=utf-8" });
  assert.equal(get("/build-report.json"), { file: "build-report.json", contentType: "application/json" });
  assert.is(contentTypeForFile("feeds/crawl/all-name-0.json"), OPDS);
  assert.is(contentTypeForFile("nginx-registry.conf"), "text/plain; charset=utf-8");
});

test("the route table's file names are the ones the site plan writes", () => {
  const crawl = ROUTES.find((r) => r.from === "/libraries/crawlable")!;
  const libraries = ROUTES.find((r) => r.from === "/libraries")!;
  const fill = (t: string, v: Record<string, string>) => t.slice(1).replace(/:(\w+)/g, (_m, k) => v[k]);
  assert.is(fill(crawl.to, { availability: "all", order: "name", offset: "3" }), crawlFile("all", "name", 3));
  assert.is(fill(crawl.fallback!, { availability: "hidden", order: "modified" }), crawlEndFile("hidden", "modified"));
  assert.is(fill(libraries.to, { availability: "hidden", order: "name-desc" }), librariesFacetFile("hidden", "name-desc"));
  for (const r of ROUTES.filter((r) => r.from.startsWith("/library/") && r.contentType === OPDS)) assert.is(fill(r.to, { uuid: "X", splat: "X" }), libraryFile("X"));
  for (const which of ["eligibility", "focus"] as const) assert.is(fill(ROUTES.find((r) => r.from === `/library/:uuid/${which}`)!.to, { uuid: "X" }), areaFile("X", which));
  for (const dir of NEARBY_DIRS) assert.is(fill(ROUTES.find((r) => r.from === `/${dir}/*`)!.to, {}), NEARBY_EMPTY_FILE(dir));
});

test("every planned file is reachable by some URL", () => {
  for (const f of files.filter((f) => !f.startsWith("_"))) assert.equal(get("/" + f)?.file, f, f);
});

test("a browser gets a feed's human page: the list of the availability asked for, the library's own page", () => {
  const pages = planSite(sampleLibraries(), CONFIG).map((f) => f.path).concat(["index.html", "qa.html", `info/${uuid(1)}.html`]);
  const set = new Set(pages);
  const browser = (url: string, accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") => {
    const u = new URL(url, "https://registry.example.org");
    return resolveRequest(u.pathname, u.searchParams, (f) => set.has(f), { accept });
  };
  const HTML = "text/html; charset=utf-8";
  assert.equal(browser("/libraries"), { file: HOME_FILE, contentType: HTML, vary: "Accept" });
  assert.equal(browser("/libraries?availability=hidden"), { file: QA_HOME_FILE, contentType: HTML, vary: "Accept" });
  assert.equal(browser("/libraries/crawlable?availability=all&offset=0"), { file: QA_HOME_FILE, contentType: HTML, vary: "Accept" });
  assert.equal(browser("/libraries/qa"), { file: QA_HOME_FILE, contentType: HTML, vary: "Accept" });
  assert.equal(browser(`/library/urn:uuid:${uuid(1)}`), { file: `info/${uuid(1)}.html`, contentType: HTML, vary: "Accept" });
  // a library whose page is absent (not in this plan): a view of its feed
  assert.equal(browser(`/library/${uuid(2)}`), { file: libraryFile(uuid(2)), contentType: OPDS, vary: "Accept", view: true });
  assert.is(browser("/libraries?order=sideways"), null, "an invalid facet is no page");
  assert.is(browser(`/library/${uuid(999)}`), null);
  // apps: the feed, now saying it varies
  for (const accept of ["*/*", "application/opds+json", "application/json", ""]) {
    assert.equal(browser("/libraries", accept), { file: "feeds/libraries/production-name.json", contentType: OPDS, vary: "Accept" }, accept);
  }
  // the file behind a feed is not negotiated: developers can read it in a browser
  assert.equal(browser("/feeds/libraries-qa.json"), { file: "feeds/libraries-qa.json", contentType: OPDS });
});

test("Route.page names the files the web pages are written to", () => {
  assert.is(HOME_FILE, listPageFile(false, 1));
  assert.is(QA_HOME_FILE, listPageFile(true, 1));
  for (const path of [`/library/${uuid(3)}`, `/library/urn:uuid:${uuid(3)}`]) {
    const m = routeOf(path)!;
    assert.is(pageOf(m.route, m.captures), libraryPageFile(uuid(3)), path);
  }
  const list = routeOf("/libraries")!;
  assert.is(pageOf(list.route, { availability: "production" }), listPageFile(false, 1));
  assert.is(pageOf(list.route, { availability: "all" }), listPageFile(true, 1));
});

test.run();

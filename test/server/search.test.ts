// `GET /search` on `registry serve`: the OpenSearch description without `q`, an OPDS 2 results
// feed with it, production and QA, from the index the build wrote; a rebuild is picked up.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { NAMED_LIBRARIES, uuidFor, writeNamedLibraries } from "../support/search-libraries.ts";

let work: string;
let cfg: RegistryConfig;
let server: Server;
let base: string;

test.before(async () => {
  work = mkdtempSync(join(tmpdir(), "search-serve-"));
  writeNamedLibraries(work);
  cfg = withDefaults({ title: "Search", base_url: "https://registry.test" }, work, null);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok, JSON.stringify(r));
  server = createRegistryServer({ outDir: cfg.out_dir });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

const get = (path: string) => fetch(base + path);

test("GET /search without q: the OpenSearch description", async () => {
  for (const [path, template] of [
    ["/search", "https://registry.test/search?q={searchTerms}"],
    ["/search?q=", "https://registry.test/search?q={searchTerms}"],
    ["/qa/search", "https://registry.test/qa/search?q={searchTerms}"],
  ]) {
    const r = await get(path);
    assert.is(r.status, 200, path);
    assert.is(r.headers.get("content-type"), "application/opensearchdescription+xml", path);
    const body = await r.text();
    assert.match(body, "<ShortName>Find your library");
    assert.ok(body.includes(`template="${template}"`), path);
  }
});

test("GET /search?q=: an OPDS 2 catalogs feed of the matching production libraries", async () => {
  const r = await get("/search?q=" + encodeURIComponent("Sprngfield libary"));
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "application/opds+json");
  assert.is(r.headers.get("access-control-allow-origin"), "*");
  const feed = await r.json();
  assert.is(feed.metadata.title, 'Search results for "Sprngfield libary"');
  assert.is(feed.links[0].rel, "self");
  assert.is(feed.links[0].href, "https://registry.test/search?q=Sprngfield%20libary");
  assert.ok(feed.links.some((l: any) => l.rel === "search" && l.type === "application/opensearchdescription+xml"));
  assert.is(feed.catalogs[0].metadata.id, `urn:uuid:${uuidFor(1)}`);
  // the same entry /library/{uuid} serves
  const doc = await (await get(`/library/${uuidFor(1)}`)).json();
  assert.equal(feed.catalogs[0], doc.catalogs[0]);
});

test("a ZIP finds the library serving it; a county query its library", async () => {
  const zip = await (await get("/search?q=90001")).json();
  assert.equal(zip.catalogs.map((c: any) => c.metadata.title), ["Los Angeles Public Library"]);
  const county = await (await get("/search?q=kern+county+library")).json();
  assert.is(county.catalogs[0].metadata.title, "Kern County Library");
});

test("production only at /search; /qa/search adds libraries in testing", async () => {
  const prod = await (await get("/search?q=queens")).json();
  assert.equal(prod.catalogs, []);
  assert.is(prod.metadata.title, 'Search results for "queens"');
  const qa = await (await get("/qa/search?q=queens")).json();
  assert.equal(qa.catalogs.map((c: any) => c.metadata.title), ["Queens Public Library"]);
  assert.is(qa.links.find((l: any) => l.rel === "search").href, "https://registry.test/qa/search");
});

test("the root catalog and the feeds link to the search", async () => {
  const root = await (await get("/root.json")).json();
  assert.ok(root.links.some((l: any) => l.rel === "search" && l.href === "https://registry.test/search" && l.type === "application/opensearchdescription+xml"));
  const feed = await (await get("/libraries")).json();
  assert.equal(feed.links.map((l: any) => l.rel), ["self", "search", "http://librarysimplified.org/rel/registry/library"]);
  const qa = await (await get("/libraries/qa")).json();
  assert.is(qa.links.find((l: any) => l.rel === "search").href, "https://registry.test/qa/search");
  const page = await (await get("/libraries/crawlable?availability=all")).json();
  assert.is(page.links.find((l: any) => l.rel === "search").href, "https://registry.test/qa/search");
});

test("a rebuild is searched without restarting the server", async () => {
  const before = await (await get("/search?q=ogdenville")).json();
  assert.equal(before.catalogs, []);
  writeNamedLibraries(work, [...NAMED_LIBRARIES, { slug: "ogden", title: "Ogdenville Library", service_area: { US: ["Ogdenville, OR"] } }]);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok);
  const after = await (await get("/search?q=ogdenvile")).json();
  assert.equal(after.catalogs.map((c: any) => c.metadata.title), ["Ogdenville Library"]);
});

test("a dist/ without the places table (built before it existed) still answers names, not an error", async () => {
  const { renameSync, utimesSync } = await import("node:fs");
  const places = join(cfg.out_dir, "search", "places.json");
  renameSync(places, `${places}.away`);
  // what a deployment of another build looks like to the server: another index file
  const index = join(cfg.out_dir, "search", "index.json");
  const later = new Date(Date.now() + 10_000);
  utimesSync(index, later, later);
  try {
    const r = await get("/search?q=ogdenville");
    assert.is(r.status, 200);
    assert.equal((await r.json()).catalogs.map((c: any) => c.metadata.title), ["Ogdenville Library"]);
  } finally {
    renameSync(`${places}.away`, places);
  }
});

test.run();

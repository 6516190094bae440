// The generated Cloudflare Pages worker, run against a built dist/ with a stand-in for the
// ASSETS binding: it must answer exactly what resolveRequest answers, so the Android crawl ends.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { resolveRequest } from "../../src/directory/routes.ts";
import { SearchService } from "../../src/server/search.ts";
import { prefersHtml } from "../../src/opds/accept.ts";
import { androidCrawl, snapshotEntryYaml, writeSnapshotLibraries, writeSnapshotLogo } from "../support/snapshot-libraries.ts";
import { writeFileSync } from "node:fs";

let dist = "";
let logo = "";
let worker: { fetch(req: Request, env: unknown): Promise<Response> };
const env = {
  ASSETS: {
    async fetch(req: Request) {
      // Pages serves a folder's index.html at its path
      const path = decodeURIComponent(new URL(req.url).pathname).replace(/\/$/, "/index.html");
      const file = join(dist, path);
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return new Response("nope", { status: 404 });
      return new Response(readFileSync(file), { status: 200, headers: { "Content-Type": "application/json" } });
    },
  },
};

test.before(async () => {
  const work = mkdtempSync(join(tmpdir(), "cf-"));
  writeSnapshotLibraries(work, 45);
  logo = await writeSnapshotLogo(work);
  writeFileSync(join(work, "libraries", "lib-1.yaml"), snapshotEntryYaml({ index: 1, registry_stage: "production", updated: "2026-01-02T00:00:00Z", logo_png: logo }));
  const cfg = withDefaults({ title: "CF", base_url: "https://cf.example", page_size: 20 }, work, null);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok);
  dist = cfg.out_dir;
  worker = (await import(pathToFileURL(join(dist, "_worker.js")).href)).default;
});

const ask = (query: string) => worker.fetch(new Request(`https://cf.example/libraries/crawlable${query}`), env);

test("the worker serves a logo as an immutable PNG, and a missing one as a 404", async () => {
  const r = await worker.fetch(new Request(`https://cf.example/logos/${logo}.png`), env);
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "image/png");
  assert.is(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.is(r.headers.get("access-control-allow-origin"), "*");
  assert.equal(Buffer.from(await r.arrayBuffer()), readFileSync(join(dist, "logos", `${logo}.png`)));
  const missing = await worker.fetch(new Request(`https://cf.example/logos/${"0".repeat(32)}.png`), env);
  assert.is(missing.status, 404);
});

test("_routes.json sends only /, /qa, the query-dependent routes, the feeds with a page, the searches, the nearby tiles and the logos to the worker", () => {
  const routes = JSON.parse(readFileSync(join(dist, "_routes.json"), "utf8"));
  assert.equal(routes, { version: 1, include: ["/", "/qa", "/libraries", "/libraries/crawlable", "/libraries/qa", "/library/*", "/search", "/qa/search", "/nearby/*", "/nearby-qa/*", "/logos/*"], exclude: [] });
});

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

test("/ answers the root catalog to a plain GET and the web page to a browser, with Vary: Accept", async () => {
  for (const accept of [null, "*/*", "application/opds+json"]) {
    const r = await worker.fetch(new Request("https://cf.example/", { headers: accept ? { Accept: accept } : {} }), env);
    assert.is(r.status, 200);
    assert.is(r.headers.get("content-type"), "application/opds+json", String(accept));
    assert.match(r.headers.get("vary") ?? "", /Accept/);
    assert.is(r.headers.get("access-control-allow-origin"), "*");
    assert.is(await r.text(), readFileSync(join(dist, "root.json"), "utf8"));
  }
  const page = await worker.fetch(new Request("https://cf.example/", { headers: { Accept: BROWSER } }), env);
  assert.match(await page.text(), /<!doctype html>/i);
  assert.match(page.headers.get("vary") ?? "", /Accept/);
});

test("the worker's Accept rule is src/opds/accept.ts's", async () => {
  const accepts = [BROWSER, "*/*", "", "text/html", "text/html;q=0.5, application/opds+json", "text/html, application/opds+json", "TEXT/HTML;q=0.9, */*;q=0.1",
    "text/html;q=0", "text/html;q=abc, */*", "application/*, text/html;q=0.9", "application/json", "application/xhtml+xml"];
  for (const accept of accepts) {
    const r = await worker.fetch(new Request("https://cf.example/", { headers: { Accept: accept } }), env);
    const html = !/opds/.test(r.headers.get("content-type") ?? "");
    assert.is(html, prefersHtml(accept), accept);
  }
});

test("the Android crawl through the worker ends and sees every library once", async () => {
  for (const [availability, total] of [["production", 36], ["all", 45]] as const) {
    const seen = await androidCrawl(async (offset) => {
      const r = await ask(`?offset=${offset}&size=113&availability=${availability}&order=name`);
      assert.is(r.status, 200);
      assert.is(r.headers.get("content-type"), "application/opds+json");
      assert.is(r.headers.get("access-control-allow-origin"), "*");
      return (await r.json()) as { catalogs: { metadata: { id: string } }[] };
    });
    assert.is(seen.length, total, availability);
    assert.is(new Set(seen).size, total);
  }
});

test("the worker answers what resolveRequest answers, for good and bad queries alike", async () => {
  const exists = (f: string) => existsSync(join(dist, f)) && statSync(join(dist, f)).isFile();
  const queries = ["", "?offset=0", "?offset=20", "?offset=40", "?offset=45", "?offset=7", "?offset=9999", "?offset=abc", "?offset=-1", "?offset=",
    "?availability=all", "?availability=hidden&order=name", "?availability=bogus", "?order=modified&offset=20", "?order=sideways"];
  for (const q of queries) {
    const expected = resolveRequest("/libraries/crawlable", new URLSearchParams(q), exists);
    const r = await ask(q);
    if (!expected) {
      // an unknown order or availability is a 400 problem (as under registry serve), anything else a 404
      assert.is(r.status, /bogus|sideways/.test(q) ? 400 : 404, q);
      continue;
    }
    assert.is(r.status, 200, q);
    assert.is(await r.text(), readFileSync(join(dist, expected.file), "utf8"), q);
  }
});

test("/libraries facets through the worker: each combination's file; an unknown value is a problem listing the valid ones", async () => {
  const exists = (f: string) => existsSync(join(dist, f)) && statSync(join(dist, f)).isFile();
  for (const q of ["", "?order=modified", "?order=name-desc&availability=all", "?availability=hidden&order=modified-asc"]) {
    const expected = resolveRequest("/libraries", new URLSearchParams(q), exists)!;
    const r = await worker.fetch(new Request(`https://cf.example/libraries${q}`), env);
    assert.is(r.status, 200, q);
    assert.is(r.headers.get("content-type"), "application/opds+json");
    assert.is(await r.text(), readFileSync(join(dist, expected.file), "utf8"), q);
  }
  const bad = await worker.fetch(new Request("https://cf.example/libraries?order=sideways"), env);
  assert.is(bad.status, 400);
  assert.is(bad.headers.get("content-type"), "application/api-problem+json");
  const p = await bad.json();
  assert.is(p.type, "http://librarysimplified.org/terms/problem/invalid-input");
  assert.equal(p.valid, ["name", "name-desc", "modified", "modified-asc"]);
  assert.is(p.detail, "I don't know how to order a feed by 'sideways': use one of name, name-desc, modified, modified-asc.");
});

test("/search?q= is answered from the index: the same feed registry serve gives", async () => {
  const r = await worker.fetch(new Request("https://cf.example/search?q=Libary%2012"), env);
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "application/opds+json");
  assert.is(r.headers.get("access-control-allow-origin"), "*");
  const feed = await r.json();
  assert.is(feed.metadata.title, 'Search results for "Libary 12"');
  assert.is(feed.catalogs[0].metadata.title, "Library 12");
  assert.equal(feed.catalogs[0], JSON.parse(readFileSync(join(dist, "feeds/library/00000000-0000-4000-8000-000000000012.json"), "utf8")).catalogs[0]);
  assert.equal(feed, await new SearchService(dist).answer("Libary 12", false));
  // library 10 awaits approval: only the QA search has it
  const prod = await (await worker.fetch(new Request("https://cf.example/search?q=library+10"), env)).json();
  const qa = await (await worker.fetch(new Request("https://cf.example/qa/search?q=library+10"), env)).json();
  assert.not.ok(prod.catalogs.some((c: any) => c.metadata.title === "Library 10"));
  assert.is(qa.catalogs[0].metadata.title, "Library 10");
});

test("/search without q is the static OpenSearch description", async () => {
  const r = await worker.fetch(new Request("https://cf.example/search"), env);
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "application/opensearchdescription+xml");
  assert.match(await r.text(), "<OpenSearchDescription");
});

test("other paths are left to the static assets", async () => {
  const r = await worker.fetch(new Request("https://cf.example/root.json"), env);
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "application/json", "untouched: _headers applies to assets");
});

test.run();

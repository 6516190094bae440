import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildCrawlablePages } from "../../src/directory/crawl.ts";
import { planSite } from "../../src/directory/site-map.ts";
import { resolveRequest } from "../../src/directory/routes.ts";
import { isListedInQa, isProduction, type DirectoryConfig, type DirectoryLibrary } from "../../src/directory/types.ts";
import { CONFIG, manyLibraries } from "../fixtures/directory/sample-libraries.ts";
import { feedProblems } from "./client-rules.ts";
import { catalogsFeedErrors } from "./opds-schemas.ts";
import { withShared } from "../support/shared.ts";

const cfg = (page_size: number): DirectoryConfig => ({ ...CONFIG, page_size });
const hrefs = (feed: { links: { rel?: string; href: string }[] }) => Object.fromEntries(feed.links.map((l) => [l.rel, l.href]));
const crawl = (q: string) => `https://registry.example.org/libraries/crawlable?${q}`;

/** A host serving the planned files through the route table, as `registry serve` does. */
function host(libs: DirectoryLibrary[], config: DirectoryConfig) {
  const files = new Map(planSite(libs, config).map((f) => [f.path, f]));
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    get(url: string): any {
      requests++;
      const u = new URL(url);
      const hit = resolveRequest(u.pathname, u.searchParams, (f) => files.has(f));
      if (!hit) throw new Error(`404 ${url}`);
      assert.is(hit.contentType, "application/opds+json", url);
      return JSON.parse(files.get(hit.file)!.body);
    },
  };
}

/** Palace Android: offset += entries received, size=113, stops only at an empty page. */
function androidCrawl(h: ReturnType<typeof host>, availability: string, order: string): string[] {
  const seen: string[] = [];
  let offset = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const page = h.get(`https://registry.example.org/libraries/crawlable?offset=${offset}&size=113&availability=${availability}&order=${order}`);
    if (page.catalogs.length === 0) return seen;
    seen.push(...page.catalogs.map((e: any) => e.metadata.id));
    offset += page.catalogs.length;
  }
  throw new Error("the Android loop never ended");
}

/** iOS / web-patron: follow rel="next" until there is none. */
function nextCrawl(h: ReturnType<typeof host>, url: string): string[] {
  const seen: string[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const page = h.get(url);
    seen.push(...page.catalogs.map((e: any) => e.metadata.id));
    const next = page.links.find((l: any) => l.rel === "next");
    if (!next) return seen;
    url = next.href;
  }
  throw new Error("the next-following loop never ended");
}

const sizes = [0, 1, 2, 3, 4, 9, 10, 11];

test("pages: first/previous/next/last, numberOfItems, and a terminal empty page at offset = total", () => {
  const libs = manyLibraries(7).map((l) => ({ ...l, registry_stage: "production" as const }));
  const pages = buildCrawlablePages(libs, cfg(3), { availability: "production", order: "name" });
  assert.equal(pages.map((p) => [p.offset, p.feed.catalogs.length, p.terminal]), [[0, 3, false], [3, 3, false], [6, 1, false], [7, 0, true]]);
  const at = (o: number) => crawl(`offset=${o}&size=3&order=name&availability=production`);
  assert.equal(hrefs(pages[0].feed).self, at(0));
  assert.not.ok("previous" in hrefs(pages[0].feed));
  assert.equal([hrefs(pages[0].feed).first, hrefs(pages[0].feed).next, hrefs(pages[0].feed).last], [at(0), at(3), at(6)]);
  assert.equal([hrefs(pages[1].feed).previous, hrefs(pages[1].feed).next], [at(0), at(6)]);
  assert.not.ok("next" in hrefs(pages[2].feed), "no next on the last page with entries");
  assert.equal(hrefs(pages[3].feed).self, at(7));
  assert.equal(hrefs(pages[3].feed).previous, at(6));
  for (const p of pages) {
    assert.is(p.feed.metadata.numberOfItems, 7);
    assert.is(p.feed.metadata.title, "Libraries");
    assert.ok(p.feed.links.some((l) => l.rel === "http://librarysimplified.org/rel/registry/library"));
  }
});

test("an empty directory is one empty page", () => {
  const pages = buildCrawlablePages([], cfg(3), { availability: "all", order: "modified" });
  assert.equal(pages.map((p) => [p.offset, p.feed.catalogs.length]), [[0, 0]]);
  assert.equal(hrefs(pages[0].feed).last, crawl("offset=0&size=3&order=modified&availability=all"));
  assert.equal(feedProblems(pages[0].feed), []);
});

test("availability: production, all (QA), hidden (testing, not cancelled)", () => {
  const libs = manyLibraries(12);
  libs[0] = { ...libs[0], library_stage: "cancelled" };
  const ids = (availability: "production" | "all" | "hidden") =>
    buildCrawlablePages(libs, cfg(5), { availability, order: "name" }).flatMap((p) => p.feed.catalogs.map((e) => e.metadata.id)).sort();
  assert.equal(ids("production"), libs.filter(isProduction).map((l) => l.id).sort());
  assert.equal(ids("all"), libs.filter(isListedInQa).map((l) => l.id).sort());
  assert.equal(ids("hidden"), libs.filter((l) => isListedInQa(l) && !isProduction(l)).map((l) => l.id).sort());
  assert.is(ids("hidden").length, 3);
});

test("order=modified is newest first, ties broken by id", () => {
  const libs = manyLibraries(10).map((l, i) => ({ ...l, registry_stage: "production" as const, updated: i < 4 ? "2024-03-01T00:00:00Z" : l.updated }));
  const entries = buildCrawlablePages(libs, cfg(4), { availability: "production", order: "modified" }).flatMap((p) => p.feed.catalogs);
  for (let i = 1; i < entries.length; i++) {
    const [a, b] = [entries[i - 1].metadata, entries[i].metadata];
    assert.ok(a.updated > b.updated || (a.updated === b.updated && a.id < b.id), `${a.id} before ${b.id}`);
  }
});

test("order=name follows the feed's title order", () => {
  const libs = manyLibraries(9).map((l) => ({ ...l, registry_stage: "production" as const }));
  const names = buildCrawlablePages(libs, cfg(2), { availability: "production", order: "name" }).flatMap((p) => p.feed.catalogs.map((e) => e.metadata.title));
  assert.equal(names, [...names].sort());
});

test("Android's loop sees every library exactly once and stops, for every size, order and availability", () => {
  for (const n of sizes) {
    const libs = manyLibraries(n);
    const h = host(libs, cfg(3));
    for (const order of ["name", "modified"]) {
      const prod = androidCrawl(h, "production", order);
      assert.equal([...prod].sort(), libs.filter(isProduction).map((l) => l.id).sort(), `n=${n} production ${order}`);
      const all = androidCrawl(h, "all", order);
      assert.equal([...all].sort(), libs.filter(isListedInQa).map((l) => l.id).sort(), `n=${n} all ${order}`);
      assert.is(new Set(all).size, all.length);
    }
  }
});

test("following next sees every library exactly once and stops", () => {
  for (const n of sizes) {
    const libs = manyLibraries(n);
    const h = host(libs, cfg(3));
    const seen = nextCrawl(h, "https://registry.example.org/libraries/crawlable");
    assert.equal([...seen].sort(), libs.filter(isProduction).map((l) => l.id).sort(), `n=${n}`);
    const qa = nextCrawl(h, crawl("availability=all"));
    assert.equal([...qa].sort(), libs.filter(isListedInQa).map((l) => l.id).sort(), `n=${n} all`);
  }
});

test("newer iOS: numberOfItems and the next URL's size let it fetch pages in parallel by offset", () => {
  const libs = manyLibraries(11);
  const h = host(libs, cfg(3));
  const first = h.get(crawl("availability=all&order=name"));
  const next = new URL(first.links.find((l: any) => l.rel === "next").href);
  const size = Number(next.searchParams.get("size"));
  const seen = first.catalogs.map((e: any) => e.metadata.id);
  for (let offset = size; offset < first.metadata.numberOfItems; offset += size) {
    next.searchParams.set("offset", String(offset));
    seen.push(...h.get(next.href).catalogs.map((e: any) => e.metadata.id));
  }
  assert.equal([...seen].sort(), libs.filter(isListedInQa).map((l) => l.id).sort());
});

test("an offset past the end, or missing, still answers (empty page, first page)", () => {
  const h = host(manyLibraries(5), cfg(2));
  assert.equal(h.get(crawl("offset=9999&availability=all&order=name")).catalogs, []);
  const first = h.get(crawl("availability=all&order=name"));
  assert.is(first.catalogs.length, 2);
  assert.is(hrefs(first).self, crawl("offset=0&size=2&order=name&availability=all"));
});

withShared(test)("every crawl page validates against the catalogs-aware schema and the apps' rules", () => {
  const libs = manyLibraries(8);
  for (const availability of ["production", "all", "hidden"] as const) {
    for (const order of ["name", "modified"] as const) {
      for (const page of buildCrawlablePages(libs, cfg(3), { availability, order })) {
        assert.equal(catalogsFeedErrors(page.feed), [], `${availability} ${order} ${page.offset}`);
        assert.equal(feedProblems(page.feed), []);
      }
    }
  }
});

test.run();

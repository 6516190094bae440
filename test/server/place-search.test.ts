// Place search over HTTP: `registry serve`'s /search and the Cloudflare worker's, both from the
// files one build wrote (search/places.json beside the index), answer the same feeds: a ZIP finds
// the library serving its county, a town the statewide one after the local ones, a ZIP no library
// serves an empty feed; /qa/search adds libraries in testing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { writeNamedLibraries } from "../support/search-libraries.ts";
import { PLACE_SEARCH_LIBRARIES, UNSERVED_ZIP } from "../support/place-search-libraries.ts";

let work = "";
let dist = "";
let server: Server;
let base = "";
let worker: { fetch(req: Request, env: unknown): Promise<Response> };
const env = {
  ASSETS: {
    async fetch(req: Request) {
      const file = join(dist, decodeURIComponent(new URL(req.url).pathname));
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return new Response("nope", { status: 404 });
      return new Response(readFileSync(file), { status: 200, headers: { "Content-Type": "application/json" } });
    },
  },
};

test.before(async () => {
  work = mkdtempSync(join(tmpdir(), "place-search-"));
  writeNamedLibraries(work, PLACE_SEARCH_LIBRARIES);
  const cfg = withDefaults({ title: "Places", base_url: "https://registry.test" }, work, null);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok, JSON.stringify(r));
  dist = cfg.out_dir;
  server = createRegistryServer({ outDir: dist });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = (await import(pathToFileURL(join(dist, "_worker.js")).href)).default;
});
test.after(() => {
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The same request to serve and to the worker: both answers, which must be the same feed. */
async function both(path: string): Promise<any> {
  const served = await fetch(base + path);
  const answered = await worker.fetch(new Request(`https://registry.test${path}`), env);
  for (const r of [served, answered]) {
    assert.is(r.status, 200, path);
    assert.is(r.headers.get("content-type"), "application/opds+json", path);
  }
  const feed = await served.json();
  assert.equal(await answered.json(), feed, `${path}: the worker and serve disagree`);
  return feed;
}
const titles = (feed: any): string[] => feed.catalogs.map((c: any) => c.metadata.title);

test("the build writes the places table beside the index", () => {
  const places = JSON.parse(readFileSync(join(dist, "search/places.json"), "utf8"));
  const index = JSON.parse(readFileSync(join(dist, "search/index.json"), "utf8"));
  assert.is(places.rows, index.rows.length);
});

test("a ZIP inside a county finds the county's library (after the ZIP's own, before the state's)", async () => {
  assert.equal(titles(await both("/search?q=93203")), ["Arvin Branch", "Kern County Library", "Golden State eBooks"]);
  assert.equal(titles(await both("/search?q=93301")), ["Bakersfield City Library", "Kern County Library", "Golden State eBooks"]);
});

test("a city inside a state finds the statewide library after the local ones", async () => {
  assert.equal(titles(await both("/search?q=" + encodeURIComponent("Lawrence, KS"))), ["Lawrence Public Library", "Sunflower State Library"]);
  assert.equal(titles(await both("/search?q=" + encodeURIComponent("Tehachapi, CA"))), ["Kern County Library", "Golden State eBooks"]);
});

test("'kern county library' still finds the county's library first", async () => {
  assert.is(titles(await both("/search?q=kern+county+library"))[0], "Kern County Library");
});

test("a ZIP no library serves answers an empty feed", async () => {
  const feed = await both(`/search?q=${UNSERVED_ZIP}`);
  assert.equal(feed.catalogs, []);
  assert.is(feed.metadata.title, `Search results for "${UNSERVED_ZIP}"`);
  assert.equal((await both(`/qa/search?q=${UNSERVED_ZIP}`)).catalogs, []);
});

test("QA variant: /qa/search adds the library in testing, ranked with the others", async () => {
  assert.not.ok(titles(await both("/search?q=93301")).includes("Tehachapi Testing Library"));
  assert.equal(titles(await both("/qa/search?q=93301")), ["Bakersfield City Library", "Kern County Library", "Tehachapi Testing Library", "Golden State eBooks"]);
});

test.run();

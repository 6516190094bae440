// The generated Cloudflare worker's "near me": `/?_location=` (and the request's own geolocation)
// from the static tiles, the empty feed for a missing tile, a problem for a malformed location.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { parseLocation } from "../../src/geo/index.ts";
import { writePlaceLibraries } from "./place-libraries.ts";

let dist = "";
let worker: { fetch(req: Request, env: unknown): Promise<Response> };
const env = {
  ASSETS: {
    async fetch(req: Request) {
      const path = decodeURIComponent(new URL(req.url).pathname).replace(/\/$/, "/index.html");
      const file = join(dist, path);
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return new Response("nope", { status: 404 });
      return new Response(readFileSync(file), { status: 200, headers: { "Content-Type": "application/json" } });
    },
  },
};

test.before(async () => {
  const work = mkdtempSync(join(tmpdir(), "cf-places-"));
  writePlaceLibraries(work);
  const cfg = withDefaults({ title: "CF", base_url: "https://cf.example" }, work, null);
  const r = await buildDirectory({ config: cfg, offline: true });
  assert.ok(r.ok);
  dist = cfg.out_dir;
  worker = (await import(pathToFileURL(join(dist, "_worker.js")).href)).default;
});

const ask = (path: string, init: { headers?: Record<string, string>; cf?: Record<string, unknown> } = {}) => {
  const req = new Request(`https://cf.example${path}`, { headers: init.headers ?? {} });
  if (init.cf) Object.defineProperty(req, "cf", { value: init.cf });
  return worker.fetch(req, env);
};
const file = (p: string) => JSON.parse(readFileSync(join(dist, p), "utf8"));
const ids = (feed: any): string[] => feed.catalogs.map((c: any) => c.metadata.id);
/** A tile's libraries and those of the shared page its `next` link names. */
const tileIds = (path: string): string[] => {
  const feed = file(path);
  const next = feed.links.find((l: any) => l.rel === "next");
  return [...ids(feed), ...(next ? ids(file(new URL(next.href).pathname.slice(1))) : [])];
};

test("/?_location= answers the root catalog with the point's tile", async () => {
  const r = await ask("/?_location=40.6782,-73.9442");
  assert.is(r.status, 200);
  assert.is(r.headers.get("content-type"), "application/opds+json");
  const body = await r.json();
  assert.equal(body.navigation, file("root.json").navigation);
  assert.equal(ids(body), tileIds("nearby/40/-74.json"));
  assert.ok(ids(body).length > 3);
  const qa = await (await ask("/qa?_location=40.6782,-73.9442")).json();
  assert.equal(ids(qa), tileIds("nearby-qa/40/-74.json"));
  assert.ok(ids(qa).length > ids(body).length, "testing libraries too");
});

test("without _location, the caller's Cloudflare geolocation for an OPDS client; the page for a browser", async () => {
  const cf = { latitude: "38.97", longitude: "-95.24" };
  const feed = await (await ask("/", { cf })).json();
  assert.equal(ids(feed), tileIds("nearby/38/-96.json"));
  const page = await ask("/", { cf, headers: { Accept: "text/html" } });
  assert.match(await page.text(), /<!doctype html>/i);
  const plain = await ask("/");
  assert.is(await plain.text(), readFileSync(join(dist, "root.json"), "utf8"), "no location known: the root catalog as it is");
});

test("the ocean: an empty but valid feed, for _location and for the tile itself", async () => {
  const body = await (await ask("/?_location=35,-40")).json();
  assert.equal(body.catalogs, []);
  const tile = await ask("/nearby/35/-40.json");
  assert.is(tile.status, 200);
  assert.is(tile.headers.get("content-type"), "application/opds+json");
  const feed = await tile.json();
  assert.equal(feed.catalogs, []);
  assert.is(feed.metadata.title, "Libraries near you");
  const existing = await ask("/nearby/40/-74.json");
  assert.equal(ids(await existing.json()), ids(file("nearby/40/-74.json")));
});

test("a malformed _location is a problem detail; the worker's rule is src/geo's parseLocation", async () => {
  const r = await ask("/?_location=north");
  assert.is(r.status, 400);
  assert.is(r.headers.get("content-type"), "application/api-problem+json");
  assert.match((await r.json()).detail, "_location");
  for (const v of ["40,-74", "-90,180", "90.0,-180.0", " 1 , 2 ", ".5,.5", "1e2,3", "0x1,2", "1,2,3", "", ",", "91,0", "0,181", "+1,-2", "1.1234567890123456,2", "abc"]) {
    const answer = await ask(`/?_location=${encodeURIComponent(v)}`);
    assert.is(answer.status === 400, typeof parseLocation(v) === "string", v);
  }
});

test.run();

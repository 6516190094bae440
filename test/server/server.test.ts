// `registry serve` over real HTTP: a small directory built into a temp folder, served by
// createRegistryServer on 127.0.0.1, and driven the way the apps, the circulation manager and a
// curious stranger drive it (feeds.md §1, §5–§7; protocol.md §2, §6, §7, §9).
import { test } from "uvu";
import { snapshotEntryYaml, snapshotUuid, writeSnapshotLogo } from "../support/snapshot-libraries.ts";
import * as assert from "uvu/assert";
import http, { type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { startSampleLibraries, type RunningLibraries } from "../../src/demo/sample-libraries.ts";
import { LS } from "../../src/opds/problem.ts";

const OPDS2 = "application/opds+json";
const DIRECTORY = "application/opds+json;profile=https://librarysimplified.org/rel/profile/directory";
const API_PROBLEM = "application/api-problem+json";
const RFC_PROBLEM = "application/problem+json";
const TERMS = "https://registry.test/terms-of-service.html";
const BASE_URL = "https://registry.test";
const MARKER = "NEVER-SERVE-THIS-7f3a";

// --- the directory: 47 libraries with snapshots, pages of 20 -------------------------------------
// i % 9 == 0 → registry_stage testing (6 of them); i == 46 → cancelled; the other 40 in production
// (exactly two pages: the terminal page sits at offset 40). `all` holds 46 (three pages and a bit).
const N = 47;
const uuid = snapshotUuid;
const titleOf = (i: number) => `Library ${String(i).padStart(2, "0")}`;
const stageOf = (i: number) => (i === 46 ? "cancelled" : i % 9 === 0 ? "testing" : "production");
// a permutation, so that name order and modified order differ
const updatedOf = (i: number) => new Date(Date.UTC(2026, 0, 1) + ((i * 7) % N) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const entryYaml = (i: number) =>
  snapshotEntryYaml({ index: i, registry_stage: stageOf(i), updated: updatedOf(i), title: titleOf(i), help: [`mailto:help@lib${i}.example`] });

const inProduction = new Set(Array.from({ length: N }, (_, i) => i).filter((i) => stageOf(i) === "production").map((i) => `urn:uuid:${uuid(i)}`));
const inAll = new Set(Array.from({ length: N }, (_, i) => i).filter((i) => stageOf(i) !== "cancelled").map((i) => `urn:uuid:${uuid(i)}`));

let work: string;
let logo: string;
let cfg: RegistryConfig;
let regDir: string;
let libs: RunningLibraries;
let libraryPrivateKey: string;
let main: Server; // files + registration + terms of service
let bare: Server; // files only (`--no-register`), no terms
let base: string;
let bareBase: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}

test.before(async () => {
  work = mkdtempSync(join(tmpdir(), "serve-"));
  mkdirSync(join(work, "libraries"));
  for (let i = 0; i < N; i++) writeFileSync(join(work, "libraries", `lib-${String(i).padStart(2, "0")}.yaml`), entryYaml(i));
  logo = await writeSnapshotLogo(work);
  writeFileSync(join(work, "libraries", "lib-01.yaml"), snapshotEntryYaml({ index: 1, registry_stage: stageOf(1), updated: updatedOf(1), title: titleOf(1), help: ["mailto:help@lib1.example"], logo_png: logo }));
  // files beside dist/ that a path traversal would reach
  writeFileSync(join(work, "registry.config.yaml"), `title: ${MARKER}\n`);
  writeFileSync(join(work, "x"), MARKER);
  const keys = generateRegistryKeyPair(2048);
  writeFileSync(join(work, "registry-public-key.pem"), keys.publicKeyPem);
  cfg = withDefaults(
    {
      title: "Serve Test Registry",
      base_url: BASE_URL,
      register_url: `${BASE_URL}/register`,
      terms_of_service_url: TERMS,
      page_size: 20,
      fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 2, cache_seconds: 0 },
    },
    work,
    null,
  );
  const built = await buildDirectory({ config: cfg, offline: true });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  assert.is(built.report.counts.listed, N - 1);

  const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  libraryPrivateKey = pair.privateKey;
  libs = await startSampleLibraries([
    { slug: "keyed", title: "Keyed Library", flavor: "opds2", publicKeyPem: pair.publicKey },
    { slug: "plain", title: "Plain Library", flavor: "opds1" },
  ]);

  regDir = join(work, "registered");
  main = createRegistryServer({
    outDir: cfg.out_dir,
    registration: registrationContext(cfg, { librariesDir: regDir, env: { REGISTRY_PRIVATE_KEY: keys.privateKeyPem } }),
    termsOfServiceUrl: TERMS,
  });
  bare = createRegistryServer({ outDir: cfg.out_dir });
  base = await listen(main);
  bareBase = await listen(bare);
});

test.after(async () => {
  await close(main);
  await close(bare);
  await libs.close();
  rmSync(work, { recursive: true, force: true });
});

// --- helpers ---------------------------------------------------------------------------------------

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request with the path sent byte for byte (fetch would normalise `..` and `%2e%2e` away). */
function raw(origin: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Raw> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: Number(port), path, method: opts.method ?? "GET", headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

async function getJson(path: string, origin = base): Promise<{ res: Response; body: any }> {
  const res = await fetch(origin + path);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${path}: ${res.status} ${res.headers.get("content-type")} is not JSON: ${text.slice(0, 200)}`);
  }
  return { res, body };
}

function postForm(fields: Record<string, string> | string, headers: Record<string, string> = {}, origin = base): Promise<Response> {
  const body = typeof fields === "string" ? fields : new URLSearchParams(fields).toString();
  return fetch(`${origin}/register`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body });
}

/** The path and query of a feed link (feed links carry the public base_url, not this server's). */
function localPath(href: string): string {
  assert.ok(href.startsWith(BASE_URL + "/"), `link ${href} is under base_url`);
  const u = new URL(href);
  return u.pathname + u.search;
}

const registeredFiles = () => (existsSync(regDir) ? readdirSync(regDir).filter((f) => f.endsWith(".yaml")) : []);

// --- feeds, media types, headers -----------------------------------------------------------------

test("/libraries, /libraries/qa and /root.json answer 200 as application/opds+json, exactly", async () => {
  for (const path of ["/libraries", "/libraries/qa", "/root.json", "/libraries/", "/libraries/crawlable"]) {
    const { res, body } = await getJson(path);
    assert.is(res.status, 200, path);
    assert.is(res.headers.get("content-type"), OPDS2, path);
    assert.type(body.metadata?.title, "string", path);
  }
  const prod = (await getJson("/libraries")).body;
  assert.is(prod.catalogs.length, inProduction.size);
  assert.equal(new Set(prod.catalogs.map((c: any) => c.metadata.id)), inProduction);
  const qa = (await getJson("/libraries/qa")).body;
  assert.equal(new Set(qa.catalogs.map((c: any) => c.metadata.id)), inAll);
  const root = (await getJson("/root.json")).body;
  assert.is(root.links.find((l: any) => l.rel === "register")?.href, `${BASE_URL}/register`, "the CM's register link");
});

test("/ is the root catalog for a plain GET (the circulation manager's registry URL) and the web page for a browser", async () => {
  const rootJson = JSON.parse(readFileSync(join(cfg.out_dir, "root.json"), "utf8"));
  for (const accept of [undefined, "*/*", "application/opds+json", "application/opds+json, */*;q=0.1"]) {
    const r = await fetch(`${base}/`, { headers: accept ? { Accept: accept } : {} });
    assert.is(r.status, 200, accept);
    // the CM requires a Content-Type starting with application/opds+json
    assert.ok((r.headers.get("content-type") ?? "").startsWith(OPDS2), accept);
    assert.match(r.headers.get("vary") ?? "", /(^|, )Accept(,|$)/, accept);
    const body = await r.json();
    assert.equal(body, rootJson);
    assert.ok(body.links.some((l: any) => l.rel === "register"), "a register link the CM can follow");
  }
  for (const accept of ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"]) {
    const r = await fetch(`${base}/`, { headers: { Accept: accept } });
    assert.is(r.status, 200);
    assert.is(r.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(r.headers.get("vary") ?? "", /(^|, )Accept(,|$)/);
    assert.match(await r.text(), /<!doctype html>/i);
  }
  const head = await fetch(`${base}/`, { method: "HEAD" });
  assert.ok((head.headers.get("content-type") ?? "").startsWith(OPDS2));
});

test("/library/<uuid> and /library/urn:uuid:<uuid> answer the same single-library feed, for any stage", async () => {
  for (const i of [1, 9, 46]) {
    const a = await getJson(`/library/${uuid(i)}`);
    const b = await getJson(`/library/urn:uuid:${uuid(i)}`);
    for (const r of [a, b]) {
      assert.is(r.res.status, 200);
      assert.is(r.res.headers.get("content-type"), OPDS2);
      assert.is(r.body.catalogs.length, 1);
      assert.is(r.body.catalogs[0].metadata.id, `urn:uuid:${uuid(i)}`);
      assert.is(r.body.metadata.title, titleOf(i));
    }
    assert.equal(a.body, b.body);
  }
});

test("an unknown uuid is a library-not-found problem document (404)", async () => {
  for (const path of [`/library/${uuid(999)}`, `/library/urn:uuid:${uuid(999)}`]) {
    const { res, body } = await getJson(path);
    assert.is(res.status, 404, path);
    assert.is(res.headers.get("content-type"), API_PROBLEM, path);
    assert.is(body.type, `${LS}library-not-found`);
    assert.is(body.status, 404);
    // a problem type's title does not change from occurrence to occurrence (RFC 7807 §3.1)
    assert.is(body.title, "The library does not exist in this registry.");
  }
  const other = await getJson("/no/such/thing");
  assert.is(other.res.status, 404);
  assert.is(other.res.headers.get("content-type"), API_PROBLEM);
  assert.is(other.body.status, 404);
});

test("path traversal never reaches files outside dist/, nor the host config files", async () => {
  assert.ok(existsSync(join(cfg.out_dir, "_headers")) && existsSync(join(cfg.out_dir, "_redirects")), "the host files exist in dist/");
  const attempts = [
    "/../registry.config.yaml",
    "/../x",
    "/%2e%2e/x",
    "/%2E%2E/registry.config.yaml",
    "/..%2fregistry.config.yaml",
    "/..%2Fx",
    "/%2e%2e%2fx",
    "/feeds/..%2f..%2fx",
    "/feeds/%2e%2e/%2e%2e/x",
    "/..%5cx",
    "/%5c..%5cx",
    "/library/..%2f..%2f..%2fx",
    "/library/urn:uuid:..%2f..%2f..%2fx",
    "/libraries/crawlable?offset=..%2f..%2f..%2fx&order=name",
    "/libraries/crawlable?availability=..%2f..%2fx",
    "//x",
    "/_headers",
    "/_redirects",
    "/_headers/",
    "/%5fheaders",
    "/%5Fredirects",
    "/feeds/../_headers",
    "/feeds/%2e%2e/_redirects",
    "/./_redirects",
    "/_headers%00",
    "/x%00.json",
  ];
  const headers = readFileSync(join(cfg.out_dir, "_headers"), "utf8");
  const redirects = readFileSync(join(cfg.out_dir, "_redirects"), "utf8");
  for (const path of attempts) {
    const r = await raw(base, path);
    const text = r.body.toString("utf8");
    assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
    assert.not.ok(text.includes(MARKER), `${path} leaked a file outside dist/`);
    assert.not.ok(text === headers || text === redirects || text.includes("Generated by `registry build`"), `${path} served a host config file`);
    assert.match(String(r.headers["content-type"]), /problem\+json/, path);
  }
});

test("Palace Android's crawl terminates and sees every library exactly once (fixed pages of 20, size=113)", async () => {
  for (const availability of ["production", "all"] as const) {
    for (const order of ["name", "modified"] as const) {
      const seen: string[] = [];
      const updated: string[] = [];
      let offset = 0;
      let requests = 0;
      for (;;) {
        assert.ok(++requests <= 10, `${availability}/${order}: the crawl does not end`);
        const { res, body } = await getJson(`/libraries/crawlable?offset=${offset}&size=113&availability=${availability}&order=${order}`);
        assert.is(res.status, 200, `offset ${offset}`);
        assert.is(res.headers.get("content-type"), OPDS2);
        assert.type(body.metadata.title, "string");
        assert.ok(Array.isArray(body.links), "links still present on every page");
        assert.is(body.metadata.numberOfItems, availability === "production" ? inProduction.size : inAll.size);
        if (body.catalogs.length === 0) break;
        for (const c of body.catalogs) {
          seen.push(c.metadata.id);
          updated.push(c.metadata.updated);
        }
        offset += body.catalogs.length;
      }
      const expected = availability === "production" ? inProduction : inAll;
      assert.is(seen.length, expected.size, `${availability}/${order}: no library twice`);
      assert.equal(new Set(seen), expected, `${availability}/${order}: every library`);
      if (order === "modified") {
        for (let k = 1; k < updated.length; k++) assert.ok(updated[k - 1] >= updated[k], `${availability}: newest first (${updated[k - 1]} before ${updated[k]})`);
      }
    }
  }
});

test("order=modified is newest first, order=name by title, and the default order is modified", async () => {
  const crawl = async (query: string) => {
    const out: any[] = [];
    for (let offset = 0; ; ) {
      const { body } = await getJson(`/libraries/crawlable?${query}&offset=${offset}`);
      if (!body.catalogs.length) return out;
      out.push(...body.catalogs);
      offset += body.catalogs.length;
    }
  };
  const modified = await crawl("order=modified&availability=all");
  const times = modified.map((c) => Date.parse(c.metadata.updated));
  assert.equal(times, [...times].sort((a, b) => b - a));
  assert.ok(times[0] > times[times.length - 1], "the fixture has different times");
  const byName = (await crawl("order=name&availability=all")).map((c) => c.metadata.title);
  assert.equal(byName, [...byName].sort());
  assert.not.equal(byName, modified.map((c) => c.metadata.title), "the two orders differ on this fixture");
  const dflt = await crawl("availability=all");
  assert.equal(dflt.map((c) => c.metadata.id), modified.map((c) => c.metadata.id));
  // past the end, or any offset without a page file: the empty terminal page, not the first page
  for (const offset of [46, 47, 113, 1000, 7]) {
    const { res, body } = await getJson(`/libraries/crawlable?offset=${offset}&size=113&availability=all&order=name`);
    if (offset === 7) {
      assert.ok(res.status === 404 || (res.status === 200 && body.catalogs?.length !== 20), "offset 7 is not page 0 again");
      continue;
    }
    assert.is(res.status, 200, `offset ${offset}`);
    assert.equal(body.catalogs, [], `offset ${offset}`);
  }
});

test("iOS and web-patron: following rel=next sees every library once; parallel offsets agree", async () => {
  for (const availability of ["production", "all"] as const) {
    const seen: string[] = [];
    let path: string | undefined = `/libraries/crawlable?availability=${availability}`;
    let first: any;
    let pages = 0;
    while (path) {
      assert.ok(++pages <= 10, "next links loop");
      const { res, body } = await getJson(path);
      assert.is(res.status, 200, path);
      first ??= body;
      seen.push(...body.catalogs.map((c: any) => c.metadata.id));
      const next = body.links.find((l: any) => l.rel === "next");
      path = next ? localPath(next.href) : undefined;
    }
    const expected = availability === "production" ? inProduction : inAll;
    assert.is(seen.length, expected.size);
    assert.equal(new Set(seen), expected);

    // newer iOS: numberOfItems > first page → rewrite `offset` of the next URL, fetch in parallel
    const nextHref = first.links.find((l: any) => l.rel === "next").href as string;
    const size = Number(new URL(nextHref).searchParams.get("size"));
    assert.is(size, 20);
    const offsets: number[] = [];
    for (let o = 0; o < first.metadata.numberOfItems; o += size) offsets.push(o);
    const parallel = await Promise.all(
      offsets.map(async (o) => {
        const u = new URL(nextHref);
        u.searchParams.set("offset", String(o));
        return (await getJson(localPath(u.href))).body.catalogs.map((c: any) => c.metadata.id) as string[];
      }),
    );
    assert.equal(parallel.flat(), seen);
  }
});

test("unknown order or availability is not answered with a page", async () => {
  for (const q of ["order=random", "availability=everything", "order=name&availability=nope", "order=../x"]) {
    const r = await fetch(`${base}/libraries/crawlable?${q}`);
    await r.arrayBuffer();
    assert.ok(r.status >= 400 && r.status < 500, `${q}: ${r.status}`);
  }
});

test("gzip when the client accepts it: the same bytes once decompressed, and Vary: Accept-Encoding", async () => {
  for (const path of ["/libraries/qa", "/libraries", `/libraries/crawlable?offset=20&availability=all&order=name`]) {
    const plain = await raw(base, path);
    const zipped = await raw(base, path, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    assert.is(plain.status, 200);
    assert.is(plain.headers["content-encoding"], undefined);
    assert.is(zipped.status, 200);
    assert.is(zipped.headers["content-encoding"], "gzip", path);
    assert.match(String(zipped.headers.vary), /Accept-Encoding/i);
    assert.match(String(plain.headers.vary), /Accept-Encoding/i);
    assert.is(zipped.headers["content-type"], OPDS2);
    assert.ok(zipped.body.length < plain.body.length, "compressed");
    assert.ok(gunzipSync(zipped.body).equals(plain.body), `${path}: the same document`);
  }
  const prodFile = readFileSync(join(cfg.out_dir, "feeds/libraries.json"));
  assert.ok(gunzipSync((await raw(base, "/libraries", { headers: { "Accept-Encoding": "gzip" } })).body).equals(prodFile));
  assert.is((await raw(base, "/libraries", { headers: { "Accept-Encoding": "identity" } })).headers["content-encoding"], undefined);
});

test("a logo is served as an immutable PNG, and the library's entry links it", async () => {
  const r = await raw(base, `/logos/${logo}.png`);
  assert.is(r.status, 200);
  assert.is(r.headers["content-type"], "image/png");
  assert.is(r.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.is(r.headers["access-control-allow-origin"], "*");
  assert.ok(r.body.equals(readFileSync(join(cfg.out_dir, "logos", `${logo}.png`))));
  const entry = JSON.parse((await raw(base, `/library/${uuid(1)}`)).body.toString("utf8"));
  assert.equal(entry.catalogs[0].images, [{ rel: "http://opds-spec.org/image/thumbnail", href: `${BASE_URL}/logos/${logo}.png`, type: "image/png" }]);
  assert.is((await raw(base, `/logos/${"0".repeat(32)}.png`)).status, 404);
});

test("CORS, Cache-Control with '=' and Content-Length on plain answers; HEAD has no body", async () => {
  for (const path of ["/libraries", "/libraries/qa", "/root.json", `/library/${uuid(1)}`, "/libraries/crawlable?offset=0&availability=production&order=name"]) {
    const r = await raw(base, path);
    assert.is(r.headers["access-control-allow-origin"], "*", path);
    assert.match(String(r.headers["cache-control"]), /(^|[ ,])max-age=43200([ ,]|$)/, path);
    assert.not.match(String(r.headers["cache-control"]), /max-age:/);
    assert.is(Number(r.headers["content-length"]), r.body.length, path);
  }
  const head = await raw(base, "/libraries", { method: "HEAD" });
  assert.is(head.status, 200);
  assert.is(head.headers["content-type"], OPDS2);
  assert.is(head.body.length, 0);
  const problemRes = await raw(base, `/library/${uuid(999)}`);
  assert.is(problemRes.headers["access-control-allow-origin"], "*", "problems are readable cross-origin too");
  const pre = await raw(base, "/register", { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST" } });
  assert.ok(pre.status === 204 || pre.status === 200);
  assert.is(pre.headers["access-control-allow-origin"], "*");
});

test("PUT and DELETE are 405 with an Allow header, on feeds and on /register", async () => {
  for (const method of ["PUT", "DELETE", "PATCH"]) {
    for (const path of ["/libraries", `/library/${uuid(1)}`, "/root.json", "/register"]) {
      const r = await raw(base, path, { method, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "url=x" });
      assert.is(r.status, 405, `${method} ${path}`);
      assert.ok(r.headers.allow, `${method} ${path}: Allow`);
      assert.not.match(String(r.headers.allow), new RegExp(`\\b${method}\\b`));
      assert.is(JSON.parse(r.body.toString()).status, 405);
      assert.match(JSON.parse(r.body.toString()).type, /method-not-allowed$/);
    }
  }
});

// A file that stats as a regular file but fails to read, as one does when a rebuild swaps dist/
// between the lookup and the read. /proc/self/mem is such a file on Linux (EIO at offset 0, even for
// root); the symlink is only a way to put it in dist/ for this one test.
const HAVE_PROC_MEM = existsSync("/proc/self/mem");
(HAVE_PROC_MEM ? test : test.skip)("a file that fails mid-read ends that response, never the server", async () => {
  const link = join(cfg.out_dir, "unreadable.json");
  const { symlinkSync, unlinkSync } = await import("node:fs");
  symlinkSync("/proc/self/mem", link);
  try {
    for (const headers of [{}, { "Accept-Encoding": "gzip" }] as Record<string, string>[]) {
      const r = await raw(base, "/unreadable.json", { headers }).catch((err: Error) => err);
      if (!(r instanceof Error)) assert.is(r.body.length, 0, "no bytes of anything else");
    }
  } finally {
    unlinkSync(link);
  }
  const after = await fetch(`${base}/libraries`);
  assert.is(after.status, 200, "the server still answers");
  await after.arrayBuffer();
});

// --- /register ----------------------------------------------------------------------------------

test("GET /register: 200 with the directory profile type; {} without terms, the terms-of-service link with them", async () => {
  const bareRes = await getJson("/register", bareBase);
  assert.is(bareRes.res.status, 200);
  assert.is(bareRes.res.headers.get("content-type"), DIRECTORY);
  assert.equal(bareRes.body, {});
  const withTerms = await getJson("/register");
  assert.is(withTerms.res.status, 200);
  assert.is(withTerms.res.headers.get("content-type"), DIRECTORY);
  assert.equal(withTerms.body, { links: [{ rel: "terms-of-service", type: "text/html", href: TERMS }] });
});

test("POST /register: 201 for a new library, 200 on re-registration, the file in the libraries folder", async () => {
  const before = registeredFiles().length;
  const first = await postForm({ url: libs.registrationUrl("plain"), stage: "testing", contact: "mailto:it@plain.example" });
  const doc = await first.json();
  assert.is(first.status, 201, JSON.stringify(doc));
  assert.is(first.headers.get("content-type"), DIRECTORY);
  assert.is(first.headers.get("location"), null, "no redirect of any kind");
  assert.is(doc.metadata.title, "Plain Library");
  assert.match(doc.metadata.id, /^urn:uuid:/);
  assert.is(registeredFiles().length, before + 1);
  const file = registeredFiles().find((f) => readFileSync(join(regDir, f), "utf8").includes(libs.authUrl("plain")));
  assert.ok(file, "the entry is written into the libraries folder");

  const again = await postForm({ url: libs.registrationUrl("plain"), stage: "testing" }, { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8" });
  const doc2 = await again.json();
  assert.is(again.status, 200, JSON.stringify(doc2));
  assert.is(again.headers.get("content-type"), DIRECTORY);
  assert.is(doc2.metadata.id, doc.metadata.id);
  assert.is(registeredFiles().length, before + 1);
});

test("POST /register with a public key: the shared secret works as a Bearer; a wrong Bearer is 401 with WWW-Authenticate", async () => {
  const first = await postForm({ url: libs.registrationUrl("keyed") });
  const doc = await first.json();
  assert.ok(first.status === 201 || first.status === 200, JSON.stringify(doc));
  assert.type(doc.metadata.shared_secret, "string");
  const secret = privateDecrypt({ key: libraryPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(doc.metadata.shared_secret, "base64")).toString();

  const good = await postForm({ url: libs.registrationUrl("keyed") }, { Authorization: `Bearer ${secret}` });
  assert.is(good.status, 200, JSON.stringify(await good.clone().json()));
  assert.is((await good.json()).metadata.short_name, doc.metadata.short_name);

  const filesBefore = registeredFiles().map((f) => readFileSync(join(regDir, f), "utf8"));
  const bad = await postForm({ url: libs.registrationUrl("keyed") }, { Authorization: "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
  const problem = await bad.json();
  assert.is(bad.status, 401);
  assert.is(bad.headers.get("content-type"), API_PROBLEM);
  assert.ok(bad.headers.get("www-authenticate"), "401 carries WWW-Authenticate");
  assert.match(bad.headers.get("www-authenticate")!, /^Bearer\b/);
  assert.is(problem.type, `${LS}credentials-invalid`);
  assert.equal(registeredFiles().map((f) => readFileSync(join(regDir, f), "utf8")), filesBefore, "nothing changes");

  const malformed = await postForm({ url: libs.registrationUrl("keyed") }, { Authorization: "Bearer" });
  assert.is(malformed.status, 401);
  assert.ok(malformed.headers.get("www-authenticate"));
  await malformed.arrayBuffer();
});

test("a failing POST is a problem: application/api-problem+json by default, application/problem+json on request", async () => {
  const before = registeredFiles();
  const missing = libs.authUrl("no-such-library");
  const dflt = await postForm({ url: missing });
  const p = await dflt.json();
  assert.ok(dflt.status >= 400 && dflt.status < 600);
  assert.is(dflt.headers.get("content-type"), API_PROBLEM);
  assert.is(p.status, dflt.status);
  assert.type(p.type, "string");
  assert.type(p.title, "string");
  assert.ok(JSON.stringify(p).includes(missing), "the detail names the URL");

  const rfc = await postForm({ url: missing }, { Accept: RFC_PROBLEM });
  assert.is(rfc.headers.get("content-type"), RFC_PROBLEM);
  assert.equal(await rfc.json(), p);

  const browserish = await postForm({ url: missing }, { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
  assert.is(browserish.headers.get("content-type"), API_PROBLEM);
  await browserish.arrayBuffer();

  const noUrl = await postForm({ stage: "testing" });
  assert.is(noUrl.status, 400);
  assert.is(noUrl.headers.get("content-type"), API_PROBLEM);
  assert.is((await noUrl.json()).type, `${LS}no-opds-auth-url`);
  assert.equal(registeredFiles(), before, "nothing written on failure");
});

test("a document whose id is not its URL: type invalid-integration-document for a reference client, ours beside it", async () => {
  const before = registeredFiles();
  // the same document, registered under a URL that is not its id
  const r = await postForm({ url: `${libs.authUrl("plain")}?copy=1` });
  const p = await r.json();
  assert.is(r.status, 400);
  assert.is(r.headers.get("content-type"), API_PROBLEM);
  assert.is(p.type, `${LS}invalid-integration-document`);
  assert.is(p.title, "Invalid Integration document");
  assert.not.match(JSON.stringify({ type: p.type, title: p.title }), /tag:/);
  const fine: string[] = p.errors ? p.errors.map((e: { type: string }) => e.type) : [p.subtype];
  assert.ok(fine.includes("tag:opds-registry.org,2026:problem/id-mismatch"), JSON.stringify(p));
  assert.match(p.detail, /doesn't match its url/);
  assert.equal(registeredFiles(), before);
});

test("a non-form Content-Type is 415", async () => {
  for (const [type, body] of [
    ["application/json", JSON.stringify({ url: libs.registrationUrl("plain") })],
    ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="url"\r\n\r\n${libs.registrationUrl("plain")}\r\n--x--\r\n`],
    ["text/plain", `url=${libs.registrationUrl("plain")}`],
  ] as const) {
    const r = await fetch(`${base}/register`, { method: "POST", headers: { "Content-Type": type }, body });
    const p = await r.json();
    assert.is(r.status, 415, type);
    assert.is(r.headers.get("content-type"), API_PROBLEM);
    assert.is(p.status, 415);
    assert.is(p.type, `${LS}invalid-input`);
    assert.match(p.subtype, /unsupported-media-type$/);
  }
});

test("a body over 64 KiB is 413, answered (not a dropped connection)", async () => {
  const big = "url=" + encodeURIComponent(libs.registrationUrl("plain")) + "&pad=" + "a".repeat(70 * 1024);
  const viaRaw = await raw(base, "/register", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: big });
  assert.is(viaRaw.status, 413);
  assert.is(viaRaw.headers["content-type"], API_PROBLEM);
  assert.is(JSON.parse(viaRaw.body.toString()).status, 413);
  assert.match(JSON.parse(viaRaw.body.toString()).subtype, /request-too-large$/);
  const viaFetch = await postForm(big);
  assert.is(viaFetch.status, 413);
  assert.is((await viaFetch.json()).status, 413);
  // much larger: the server still answers and stays up
  const huge = await raw(base, "/register", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: Buffer.alloc(2 * 1024 * 1024, 0x61) });
  assert.is(huge.status, 413);
  assert.is((await fetch(`${base}/libraries`)).status, 200);
});

test("a duplicated form field is 400", async () => {
  const r = await postForm(`url=${encodeURIComponent(libs.registrationUrl("plain"))}&url=${encodeURIComponent(libs.registrationUrl("keyed"))}`);
  const p = await r.json();
  assert.is(r.status, 400);
  assert.is(r.headers.get("content-type"), API_PROBLEM);
  assert.match(p.detail, /url/);
  const stage = await postForm(`url=${encodeURIComponent(libs.registrationUrl("plain"))}&stage=testing&stage=production`);
  assert.is(stage.status, 400);
  await stage.arrayBuffer();
});

test("without registration (--no-register) POST /register is 405; GET still answers", async () => {
  const before = registeredFiles();
  const r = await postForm({ url: libs.registrationUrl("plain") }, {}, bareBase);
  const p = await r.json();
  assert.is(r.status, 405);
  assert.ok(r.headers.get("allow"));
  assert.not.match(r.headers.get("allow")!, /POST/);
  assert.is(r.headers.get("content-type"), API_PROBLEM);
  assert.is(p.status, 405);
  assert.equal(registeredFiles(), before);
  assert.is((await fetch(`${bareBase}/register`)).status, 200);
});

test.run();

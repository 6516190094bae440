// The generated nginx server block, run by a real nginx on loopback: media types, rewrites and
// the Android crawl must work there exactly as under `registry serve`. Skips without nginx.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { withDefaults } from "../../src/registry/config.ts";
import { androidCrawl, snapshotEntryYaml, writeSnapshotLibraries, writeSnapshotLogo } from "../support/snapshot-libraries.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { findSystemProgram } from "../support/system-program.ts";

const NGINX = findSystemProgram("nginx", ["/usr/sbin/nginx", "/usr/bin/nginx"], "apt-get install nginx-light; .ci/run installs it");
const maybe = NGINX ? test : test.skip;
const CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

maybe("the nginx snippet serves feeds as application/opds+json, rewrites URLs and ends the crawl", async () => {
  const work = mkdtempSync(join(tmpdir(), "nginx-"));
  // 45 libraries with snapshots, page size 20: three pages and the empty one.
  writeSnapshotLibraries(work, 45);
  const logo = await writeSnapshotLogo(work);
  writeFileSync(join(work, "libraries", "lib-1.yaml"), snapshotEntryYaml({ index: 1, registry_stage: "production", updated: "2026-01-02T00:00:00Z", logo_png: logo }));
  const port = await freePort();
  const cfg = withDefaults({ title: "Nginx Test", base_url: `http://127.0.0.1:${port}`, page_size: 20 }, work, null);
  const built = await buildDirectory({ config: cfg, offline: true });
  assert.ok(built.ok);
  const site = readFileSync(join(cfg.out_dir, "nginx-registry.conf"), "utf8")
    .replace(/root [^;]+;/, `root ${cfg.out_dir};`)
    .replace(/listen [^;]+;/, `listen 127.0.0.1:${port};`);
  writeFileSync(join(work, "site.conf"), site);
  writeFileSync(join(work, "nginx.conf"), `worker_processes 1;\npid ${work}/nginx.pid;\nerror_log ${work}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${work};\n  proxy_temp_path ${work};\n  fastcgi_temp_path ${work};\n  uwsgi_temp_path ${work};\n  scgi_temp_path ${work};\n  types { text/html html; application/json json; }\n  include ${work}/site.conf;\n}\n`);
  const start = spawnSync(NGINX!, ["-c", join(work, "nginx.conf"), "-p", work]);
  assert.is(start.status, 0, start.stderr.toString());
  try {
    const base = `http://127.0.0.1:${port}`;
    for (const path of ["/libraries", "/libraries/qa", "/root.json", "/library/00000000-0000-4000-8000-000000000001", "/library/urn:uuid:00000000-0000-4000-8000-000000000001"]) {
      const r = await fetch(base + path);
      assert.is(r.status, 200, path);
      assert.is(r.headers.get("content-type"), "application/opds+json", path);
      assert.is(r.headers.get("access-control-allow-origin"), "*", path);
    }
    // places: a library's areas as GeoJSON; a nearby tile, and the empty feed where none is
    for (const which of ["eligibility", "focus"]) {
      const r = await fetch(`${base}/library/00000000-0000-4000-8000-000000000001/${which}`);
      assert.is(r.status, 200, which);
      assert.is(r.headers.get("content-type"), "application/geo+json", which);
      assert.is((await r.json()).type, "FeatureCollection");
    }
    const sea = await fetch(`${base}/nearby/35/-40.json`);
    assert.is(sea.status, 200);
    assert.is(sea.headers.get("content-type"), "application/opds+json");
    assert.equal((await sea.json()).catalogs, []);
    for (const availability of ["production", "all"]) {
      const seen = await androidCrawl(async (offset) => {
        const r = await fetch(`${base}/libraries/crawlable?offset=${offset}&size=113&availability=${availability}&order=name`);
        assert.is(r.status, 200);
        return (await r.json()) as { catalogs: { metadata: { id: string } }[] };
      });
      assert.is(seen.length, availability === "all" ? 45 : 36, availability);
      assert.is(new Set(seen).size, seen.length, "no library twice");
    }
    const png = await fetch(`${base}/logos/${logo}.png`);
    assert.is(png.status, 200);
    assert.is(png.headers.get("content-type"), "image/png");
    assert.is(png.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.is(png.headers.get("access-control-allow-origin"), "*");
    assert.equal(Buffer.from(await png.arrayBuffer()), readFileSync(join(cfg.out_dir, "logos", `${logo}.png`)));
    const feedCache = await fetch(`${base}/libraries`);
    assert.match(feedCache.headers.get("cache-control") ?? "", /max-age=43200/, "feeds keep their shorter lifetime");
    for (const path of ["/search", "/qa/search", "/search/opensearch.xml"]) {
      const r = await fetch(base + path);
      assert.is(r.status, 200, path);
      assert.is(r.headers.get("content-type"), "application/opensearchdescription+xml", path);
      assert.match(await r.text(), "<OpenSearchDescription", path);
    }
    // `/`: the root catalog for a plain GET (the circulation manager), the page for a browser
    for (const accept of [undefined, "*/*", "application/opds+json"]) {
      const root = await fetch(`${base}/`, { headers: accept ? { Accept: accept } : {} });
      assert.is(root.status, 200, accept);
      assert.is(root.headers.get("content-type"), "application/opds+json", accept);
      assert.match(root.headers.get("vary") ?? "", /\bAccept\b/, accept);
      assert.is(root.headers.get("access-control-allow-origin"), "*");
      assert.equal(await root.json(), JSON.parse(readFileSync(join(cfg.out_dir, "root.json"), "utf8")));
    }
    const home = await fetch(`${base}/`, { headers: { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    assert.match(home.headers.get("content-type") ?? "", /text\/html/);
    assert.match(home.headers.get("vary") ?? "", /\bAccept\b/);
    assert.match(await home.text(), /<!doctype html>/i);
    // a feed URL or a missing page opened in a browser: a page; apps keep their JSON and nginx's 404
    const uuid = "00000000-0000-4000-8000-000000000001";
    const info = readFileSync(join(cfg.out_dir, "info", `${uuid}.html`), "utf8");
    const index = readFileSync(join(cfg.out_dir, "index.html"), "utf8");
    const qa = readFileSync(join(cfg.out_dir, "qa.html"), "utf8");
    const notFoundPage = readFileSync(join(cfg.out_dir, "404.html"), "utf8");
    const pages: [string, string][] = [
      ["/libraries", index], ["/libraries?order=modified", index], ["/libraries?availability=all", qa], ["/libraries/qa", qa],
      ["/libraries/crawlable", index], ["/libraries/crawlable?availability=hidden&offset=20", qa],
      [`/library/${uuid}`, info], [`/library/urn:uuid:${uuid}`, info],
      ["/nearby/35/-40.json", index], ["/nearby-qa/35/-40.json", qa], ["/search?q=library", index], ["/qa/search?q=library", qa],
    ];
    for (const accept of [CHROME, FIREFOX]) {
      for (const [path, page] of pages) {
        const r = await fetch(base + path, { headers: { Accept: accept } });
        assert.is(r.status, 200, path);
        assert.match(r.headers.get("content-type") ?? "", /^text\/html/, path);
        assert.match(r.headers.get("vary") ?? "", /\bAccept\b(?!-)/, path);
        assert.is(await r.text(), page, path);
      }
      for (const path of ["/nothing-here", "/library/00000000-0000-4000-8000-00000000dead", "/libraries?order=sideways", "/info/nope.html", "/_headers"]) {
        const r = await fetch(base + path, { headers: { Accept: accept } });
        assert.is(r.status, 404, path);
        assert.match(r.headers.get("content-type") ?? "", /^text\/html/, path);
        assert.match(r.headers.get("vary") ?? "", /\bAccept\b(?!-)/, path);
        assert.is(await r.text(), notFoundPage, path);
      }
    }
    for (const accept of [undefined, "*/*", "application/opds+json", "application/json"]) {
      const headers: Record<string, string> = accept ? { Accept: accept } : {};
      for (const [path] of pages.filter(([p]) => !p.includes("search"))) {
        const r = await fetch(base + path, { headers });
        assert.is(r.status, 200, `${path} ${accept}`);
        assert.is(r.headers.get("content-type"), "application/opds+json", `${path} ${accept}`);
        assert.match(r.headers.get("vary") ?? "", /\bAccept\b(?!-)/, path);
        assert.ok(Array.isArray((await r.json()).catalogs), path);
      }
      const search = await fetch(`${base}/search?q=library`, { headers });
      assert.is(search.headers.get("content-type"), "application/opensearchdescription+xml", "nginx runs no search: the description, as before");
      const missing = await fetch(`${base}/nothing-here`, { headers });
      assert.is(missing.status, 404);
      const body = await missing.text();
      assert.not.ok(body.includes("Page not found"), "an app keeps nginx's own 404");
      assert.match(body, /404 Not Found/);
    }
    const file = await fetch(`${base}/root.json`, { headers: { Accept: CHROME } });
    assert.is(file.headers.get("content-type"), "application/opds+json", "a feed's own file stays JSON, for developers");
    const css = await fetch(`${base}/info/${uuid}.html`);
    assert.not.match(css.headers.get("vary") ?? "", /\bAccept\b(?!-)/, "a page that exists does not vary by Accept");
  } finally {
    spawnSync(NGINX!, ["-c", join(work, "nginx.conf"), "-p", work, "-s", "stop"]);
  }
});

test.run();

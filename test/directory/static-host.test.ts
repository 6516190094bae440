import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildHeadersFile, buildNginxSnippet, buildRedirectsFile } from "../../src/directory/static-host.ts";
import { planSite } from "../../src/directory/site-map.ts";
import { resolverFor } from "../../src/directory/routes.ts";
import { CONFIG, sampleLibraries, uuid } from "../fixtures/directory/sample-libraries.ts";

const OPDS = "application/opds+json";
const files = planSite(sampleLibraries(), CONFIG).map((f) => f.path).concat(["index.html", "qa.html"]);
const fileSet = new Set(files);
const resolve = resolverFor(files);

// --- a small Netlify: files shadow rules, first matching rule wins, no second pass ---------------
interface Rule { from: string; query: [string, string][]; to: string; status: string }
function parseRedirects(text: string): Rule[] {
  return text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const t = l.trim().split(/\s+/);
      return { from: t[0], query: t.slice(1, -2).map((q) => q.split("=") as [string, string]), to: t[t.length - 2], status: t[t.length - 1] };
    });
}
function netlify(rules: Rule[], url: string): string | null {
  const u = new URL(url, "https://registry.example.org");
  const path = decodeURIComponent(u.pathname).replace(/(.)\/$/, "$1");
  if (fileSet.has(path.slice(1))) return path.slice(1);
  for (const r of rules) {
    const names: string[] = [];
    const re = new RegExp(
      "^" + r.from.replace(/\*$/, "(?<splat>.+)").replace(/\/:(\w+)/g, (_m, n) => (names.push(n), `/(?<${n}>[^/]+)`)) + "$",
    );
    const m = re.exec(path);
    if (!m) continue;
    const values: Record<string, string> = { ...m.groups };
    if (!r.query.every(([k]) => u.searchParams.has(k))) continue;
    for (const [k, v] of r.query) values[v.slice(1)] = u.searchParams.get(k)!;
    const target = r.to.replace(/:(\w+)/g, (_m, n) => values[n]).slice(1);
    return fileSet.has(target) ? target : null; // a rewrite to a missing file is a 404
  }
  return null;
}

const URLS = [
  "/libraries",
  "/libraries/",
  "/libraries/qa",
  `/library/${uuid(2)}`,
  `/library/urn:uuid:${uuid(2)}`,
  `/library/${uuid(99)}`,
  "/libraries/crawlable",
  "/libraries/crawlable?size=113",
  "/libraries/crawlable?offset=0&size=113&availability=all&order=name",
  "/libraries/crawlable?offset=3&size=113&availability=all&order=name",
  "/libraries/crawlable?offset=6&size=113&availability=all&order=modified",
  "/libraries/crawlable?offset=3&availability=production",
  "/libraries/crawlable?offset=4&order=name",
  "/libraries/crawlable?availability=hidden&order=name",
  "/libraries/crawlable?availability=hidden",
  "/libraries/crawlable?order=name",
  "/libraries/crawlable?offset=3",
  "/libraries/crawlable?order=bogus",
  "/root.json",
  "/feeds/libraries-qa.json",
  "/",
];

test("_redirects on Netlify and resolveRequest answer every URL alike", () => {
  const rules = parseRedirects(buildRedirectsFile());
  for (const url of URLS) {
    const u = new URL(url, "https://registry.example.org");
    const ours = resolve(u.pathname, u.searchParams)?.file ?? null;
    const theirs = url === "/" ? "index.html" : netlify(rules, url);
    assert.is(theirs, ours, url);
  }
});

test("_redirects: 200 rewrites, most specific crawl rule first, the bare rule last", () => {
  const text = buildRedirectsFile();
  const rules = parseRedirects(text);
  assert.ok(rules.every((r) => r.status === "200"));
  const crawl = rules.filter((r) => r.from === "/libraries/crawlable");
  assert.is(crawl.length, 8);
  assert.equal(crawl.map((r) => r.query.length), [3, 2, 2, 2, 1, 1, 1, 0]);
  assert.match(text, "/libraries/crawlable offset=:offset availability=:availability order=:order /feeds/crawl/:availability-:order-:offset.json 200");
  assert.match(text, "/libraries availability=:availability order=:order /feeds/libraries/:availability-:order.json 200");
  assert.match(text, "/libraries /feeds/libraries/production-name.json 200");
  assert.match(text, "/libraries/qa /feeds/libraries-qa.json 200");
  // the urn:uuid: form must come before the bare placeholder that would swallow it
  const urn = rules.findIndex((r) => r.from === "/library/urn:uuid:*");
  assert.ok(urn >= 0 && urn < rules.findIndex((r) => r.from === "/library/:uuid"));
});

test("_redirects: the lines Cloudflare Pages accepts (2–3 tokens) still route every feed path", () => {
  const cloudflare = buildRedirectsFile()
    .split("\n")
    .filter((l) => l && !l.startsWith("#") && l.split(/\s+/).length <= 3)
    .map((l) => l.split(/\s+/)[0]);
  assert.equal(cloudflare, ["/libraries", "/libraries/qa", "/libraries/crawlable", "/library/:uuid/eligibility", "/library/:uuid/focus", "/library/urn:uuid:*", "/library/:uuid", "/nearby/*", "/nearby-qa/*", "/search", "/qa/search"]);
});

// --- _headers -----------------------------------------------------------------------------------
function parseHeaders(text: string): { path: string; headers: [string, string][] }[] {
  const rules: { path: string; headers: [string, string][] }[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    if (!/^\s/.test(line)) rules.push({ path: line.trim(), headers: [] });
    else {
      const i = line.indexOf(":");
      rules[rules.length - 1].headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}
// `*` matches anything, a whole-segment `:name` one segment (Netlify and Cloudflare placeholders)
const globMatch = (glob: string, path: string) =>
  new RegExp("^" + glob.split("/").map((seg) => seg.split("*").map((s) => s.replace(/[.?+^$()[\]{}|\\]/g, "\\$&").replace(/:[A-Za-z]\w*/g, "[^/]+")).join(".*")).join("/") + "$").test(path);

test("_headers: one Content-Type rule for every feed URL and feed file, none for the web pages", () => {
  const rules = parseHeaders(buildHeadersFile());
  const ctRules = (path: string) => rules.filter((r) => globMatch(r.path, path) && r.headers.some(([k]) => k === "Content-Type"));
  const feedPaths = ["/libraries", "/libraries/qa", "/libraries/crawlable", `/library/${uuid(1)}`, `/library/urn:uuid:${uuid(1)}`, "/nearby/40/-74.json", "/nearby-qa/0/0.json",
    ...files.filter((f) => f.endsWith(".json") && !f.startsWith("_") && !f.startsWith("areas/") && !f.startsWith("places/") && !f.startsWith("search/")).map((f) => "/" + f)];
  for (const p of feedPaths) {
    const matching = ctRules(p);
    assert.is(matching.length, 1, `${p}: ${matching.map((r) => r.path)}`);
    assert.equal(matching[0].headers.find(([k]) => k === "Content-Type")?.[1], OPDS);
  }
  for (const p of ["/", "/index.html", "/qa.html", "/search/index.json"]) assert.is(ctRules(p).length, 0, p);
  // a library's areas: GeoJSON, by one rule each, never also the feed type
  for (const p of [`/library/${uuid(1)}/eligibility`, `/library/${uuid(1)}/focus`, ...files.filter((f) => f.endsWith(".geojson")).map((f) => "/" + f)]) {
    const matching = ctRules(p);
    assert.is(matching.length, 1, `${p}: ${matching.map((r) => r.path)}`);
    assert.equal(matching[0].headers.find(([k]) => k === "Content-Type")?.[1], "application/geo+json");
  }
  // the OpenSearch descriptions, by their URLs and as files
  for (const p of ["/search", "/qa/search", "/search/opensearch.xml", "/search/opensearch-qa.xml"]) {
    const matching = ctRules(p);
    assert.is(matching.length, 1, p);
    assert.equal(matching[0].headers.find(([k]) => k === "Content-Type")?.[1], "application/opensearchdescription+xml");
  }
});

test("_headers: CORS and a Cache-Control written with '=' on every path", () => {
  const rules = parseHeaders(buildHeadersFile());
  const all = rules.find((r) => r.path === "/*")!;
  assert.ok(all.headers.some(([k, v]) => k === "Access-Control-Allow-Origin" && v === "*"));
  assert.ok(all.headers.some(([k, v]) => k === "Cache-Control" && v === "public, max-age=43200, s-maxage=21600"));
  assert.not.match(buildHeadersFile(), /max-age:/);
});

test("_headers: logos are immutable, in a rule after /* (Netlify takes the last rule's value)", () => {
  const rules = parseHeaders(buildHeadersFile());
  const logos = rules.findIndex((r) => r.path === "/logos/*");
  assert.ok(logos > rules.findIndex((r) => r.path === "/*"));
  assert.equal(rules[logos].headers, [["Cache-Control", "public, max-age=31536000, immutable"]]);
  const cacheRules = (path: string) => rules.filter((r) => globMatch(r.path, path) && r.headers.some(([k]) => k === "Cache-Control")).map((r) => r.path);
  assert.equal(cacheRules("/logos/0123456789abcdef0123456789abcdef.png"), ["/*", "/logos/*"]);
  assert.equal(cacheRules("/feeds/libraries.json"), ["/*"], "no other path gets the immutable rule");
});

test("nginx: maps for the crawl parameters, typed locations, the same targets", () => {
  const conf = buildNginxSnippet(CONFIG);
  assert.match(conf, "map $arg_offset $registry_libraries_crawlable_offset {");
  assert.match(conf, "map $arg_order $registry_libraries_crawlable_order {");
  assert.match(conf, "map $arg_availability $registry_libraries_crawlable_availability {");
  assert.match(conf, "map $arg_order $registry_libraries_order {");
  assert.match(conf, "server_name registry.example.org;");
  assert.match(conf, "location = /libraries {\n        types { } default_type application/opds+json;\n        if ($registry_libraries_page) {\n            rewrite ^ $registry_libraries_page last;\n        }\n        try_files /feeds/libraries/$registry_libraries_availability-$registry_libraries_order.json =404;");
  assert.match(conf, "try_files /feeds/crawl/$registry_libraries_crawlable_availability-$registry_libraries_crawlable_order-$registry_libraries_crawlable_offset.json /feeds/crawl/$registry_libraries_crawlable_availability-$registry_libraries_crawlable_order-end.json =404;");
  assert.match(conf, "location ~ ^/library/urn:uuid:(?<splat>[^/]+)$");
  assert.match(conf, 'add_header Cache-Control "public, max-age=43200, s-maxage=21600" always;');
  // braces balance, so nginx can at least parse the block structure
  const unquoted = conf.replace(/"[^"\n]*"/g, '""');
  assert.is((unquoted.match(/{/g) ?? []).length, (unquoted.match(/}/g) ?? []).length);
});

test.run();

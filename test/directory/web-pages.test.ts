// The human pages' data: the full list in pages with a letter index, one page per library, the
// operator's reading apps (config `reading_apps`).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildListPages, LIST_PAGE_SIZE, letterOf } from "../../src/directory/web/list-pages.ts";
import { buildLibraryPages, contactOf } from "../../src/directory/web/library-pages.ts";
import { accentOf, DEFAULT_ACCENT } from "../../src/directory/web/colors.ts";
import { memoizedEntries } from "../../src/directory/entry.ts";
import { renderLibraryPage } from "../../src/site/library-page.ts";
import { loadConfig, ConfigError } from "../../src/registry/config.ts";
import { CONFIG, LOGO_HASH, library, PNG_DATA } from "../fixtures/directory/sample-libraries.ts";

const names = ["Aardvark", "Zebra", "the Beacon", "Émile", "42nd Street", ...Array.from({ length: 230 }, (_, i) => `Middle ${String(i).padStart(3, "0")}`)];
const libs = names.map((title, i) => library(i + 1, { info: { title }, registry_stage: i === 1 ? "testing" : "production" }));
const cfg = { ...CONFIG, base_url: "https://host.example/registry" };
const pages = buildListPages(libs, cfg, memoizedEntries(cfg));
const production = pages.filter((p) => !p.qa);

test("the full list in pages of 100, every production library once, in title order", () => {
  assert.is(production.length, Math.ceil(234 / LIST_PAGE_SIZE));
  assert.equal(production.map((p) => p.path), ["index.html", "list/2.html", "list/3.html"]);
  const all = production.flatMap((p) => p.items.map((i) => i.name));
  assert.is(all.length, 234);
  assert.is(new Set(all).size, 234);
  assert.not.ok(all.includes("Zebra"), "testing: QA only");
  assert.ok(pages.filter((p) => p.qa).flatMap((p) => p.items).some((i) => i.name === "Zebra" && i.testing));
  assert.is(production[1].previous, "/registry/");
  assert.is(production[1].next, "/registry/list/3.html");
  assert.is(production[2].next, undefined);
});

test("list items carry no logo (first-load budget); library pages show the registry's converted logo, never the library's own href", () => {
  const two = [library(400, { info: { title: "Linked", logo: { href: "https://cdn.example/logo.png" }, logo_png: LOGO_HASH } }), library(401, { info: { title: "Inline", logo: { href: PNG_DATA } } })];
  const [page] = buildListPages(two, CONFIG, memoizedEntries(CONFIG));
  assert.not.ok(page.items.some((i) => "logo" in i));
  const converted = `https://registry.example.org/logos/${LOGO_HASH}.png`;
  assert.equal(buildLibraryPages(two, CONFIG, memoizedEntries(CONFIG)).map((p) => p.logo), [converted, undefined]);
});

test("a list item's area is the feed's schema:areaServed: a GeoJSON area is named as in the feed (never \"Polygon\"), a county by its name", () => {
  const polygon = { type: "Polygon", coordinates: [[[-100, 40], [-99, 40], [-99, 41], [-100, 40]]] };
  const drawn = library(31, { info: { title: "Drawn Area Library", service_area: polygon } });
  const county = library(32, { info: { title: "Kern Library", service_area: { US: ["Kern County, CA"] } } });
  const items = buildListPages([drawn, county], CONFIG, memoizedEntries(CONFIG)).flatMap((p) => p.items);
  const drawnArea = items.find((i) => i.name === "Drawn Area Library")?.area;
  assert.is(drawnArea, memoizedEntries(CONFIG)(drawn).metadata["schema:areaServed"]);
  assert.not.match(drawnArea ?? "", /Polygon/);
  assert.is(items.find((i) => i.name === "Kern Library")?.area, "Kern County, CA");
});

test("links live under base_url's path, wherever dist/ is served", () => {
  const first = production[0];
  assert.is(first.client.index, "/registry/search/index.json");
  assert.is(first.client.nearby, "/registry/nearby");
  assert.is(pages.find((p) => p.qa)!.client.nearby, "/registry/nearby-qa");
  assert.match(first.items[0].page, /^\/registry\/info\/[0-9a-f-]{36}\.html$/);
  assert.is(first.other.href, "/registry/qa.html");
});

test("the letter index points at the page where each letter starts; # for the rest", () => {
  assert.is(letterOf("the Beacon"), "B");
  assert.is(letterOf("Émile"), "E");
  assert.is(letterOf("42nd Street"), "#");
  const letters = production[0].letters;
  const m = letters.find((l) => l.letter === "M")!;
  assert.is(m.href, "/registry/#letter-M");
  // Middle 000…229 run over three pages; M starts on page 1, and the heading is on that item only
  const headed = production.flatMap((p) => p.items.filter((i) => i.letter).map((i) => [p.number, i.letter]));
  assert.equal(headed.filter(([, l]) => l === "M"), [[1, "M"]]);
  assert.equal(production[0].letters, production[2].letters, "the same index on every page");
  assert.is(production[1].items[0].continues, "M", "page 2 opens inside M");
});

test("a library page: testing mark, accent, help contacts people can follow, the operator's apps", () => {
  const hostile = library(300, {
    registry_stage: "testing",
    info: {
      title: "<b>Bold</b> Library",
      description: "Say \"hi\" <script>",
      help: ["mailto:help@lib.example", "tel:+1-555-0100", "https://lib.example/help", "javascript:alert(1)", "mailto:help@lib.example"],
      website: "javascript:alert(2)",
      color_scheme: "teal",
      logo: { href: PNG_DATA },
      logo_png: LOGO_HASH,
      service_area: { US: ["Springfield, IL", "everywhere"] },
    },
  });
  const withApps = { ...CONFIG, reading_apps: [{ name: "Palace", url: "https://palace.example/", how: "Add Library" }] };
  const [page] = buildLibraryPages([hostile], withApps, memoizedEntries(withApps));
  assert.is(page.testing, true);
  assert.is(page.accent, accentOf("teal"));
  assert.equal(page.help.map((h) => h.href), ["mailto:help@lib.example", "tel:+1-555-0100", "https://lib.example/help"]);
  assert.is(page.website, undefined, "a javascript: website is not linked");
  assert.equal(page.places, ["Springfield, IL"]);
  assert.is(page.everywhere, true);
  assert.is(page.logo, `https://registry.example.org/logos/${LOGO_HASH}.png`);
  const html = renderLibraryPage(page);
  assert.match(html, "&lt;b&gt;Bold&lt;/b&gt; Library");
  assert.match(html, "Say &quot;hi&quot; &lt;script&gt;");
  assert.not.match(html, "javascript:");
  assert.match(html, '<a href="https://palace.example/">Palace</a>: Add Library');
  assert.match(html, "in testing");
});

test("cancelled libraries get no page; unknown colour schemes the default accent", () => {
  const gone = library(301, { registry_stage: "cancelled" });
  assert.equal(buildLibraryPages([gone], CONFIG, memoizedEntries(CONFIG)), []);
  assert.is(accentOf("chartreuse"), DEFAULT_ACCENT);
  assert.is(accentOf(undefined), DEFAULT_ACCENT);
  assert.is(contactOf("not a url"), undefined);
});

test("config reading_apps: read, and a bad URL is an error naming the key", () => {
  const dir = mkdtempSync(join(tmpdir(), "apps-"));
  writeFileSync(join(dir, "good.yaml"), "title: T\nbase_url: https://r.example\nreading_apps:\n  - name: Palace\n    url: https://palace.example/\n    how: Add Library\n");
  assert.equal(loadConfig(join(dir, "good.yaml")).reading_apps, [{ name: "Palace", url: "https://palace.example/", how: "Add Library" }]);
  writeFileSync(join(dir, "plain.yaml"), "title: T\nbase_url: https://r.example\n");
  assert.equal(loadConfig(join(dir, "plain.yaml")).reading_apps, [], "none by default");
  writeFileSync(join(dir, "bad.yaml"), "title: T\nbase_url: https://r.example\nreading_apps:\n  - name: Palace\n    url: ftp://palace.example/\n");
  try {
    loadConfig(join(dir, "bad.yaml"));
    assert.unreachable("a bad URL must be refused");
  } catch (err) {
    assert.instance(err, ConfigError);
    assert.match(String((err as Error).message), /reading_apps/);
  }
});

test.run();

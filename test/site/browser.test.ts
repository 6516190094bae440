// The web page in a real headless browser (Debian chromium through playwright-core): search as you
// type, typos, places, "near me" from the static nearby tiles, the page without JavaScript, and
// axe-core. Full-page screenshots (desktop and phone) go to test-output/browser/ (gitignored).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { findSystemProgram } from "../support/system-program.ts";
import { fillerLibraries, NAMED_LIBRARIES, writeNamedLibraries } from "../support/search-libraries.ts";
import { existsSync } from "node:fs";

const CHROMIUM = findSystemProgram("chromium", ["/usr/bin/chromium", "/usr/bin/chromium-browser"], "apt-get install chromium");
const maybe = CHROMIUM ? test : test.skip;

const OUTPUT = fileURLToPath(new URL("../../test-output/browser/", import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// Bakersfield, in Kern County, CA
const BAKERSFIELD = { latitude: 35.37, longitude: -119.02 };

let work = "";
let server: Server;
let base = "";
let browser: Browser;

test.before(async () => {
  if (!CHROMIUM) return;
  work = mkdtempSync(join(tmpdir(), "browser-"));
  // 6 named libraries and 230 more: three pages of 100 in the full list
  writeNamedLibraries(work, [...NAMED_LIBRARIES, ...fillerLibraries(230)]);
  const cfg = withDefaults(
    { title: "Find a Library", base_url: "https://registry.test", reading_apps: [{ name: "Palace", url: "https://thepalaceproject.org/", how: "Add Library, then search for its name." }] },
    work,
    null,
  );
  const built = await buildDirectory({ config: cfg, offline: true });
  assert.ok(built.ok, JSON.stringify(built));
  // "near me" reads the tiles the build writes (the places stream's index), nothing hand-made
  assert.ok(existsSync(join(cfg.out_dir, "nearby", String(Math.floor(BAKERSFIELD.latitude)), `${Math.floor(BAKERSFIELD.longitude)}.json`)));
  server = createRegistryServer({ outDir: cfg.out_dir });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(OUTPUT, { recursive: true });
});

test.after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(path: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // Only our own server: anything else is a bug in the page
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  await page.goto(base + path);
  return { context, page };
}

const resultNames = (page: Page) => page.locator("#results li a").allTextContents();

async function typeQuery(page: Page, q: string) {
  await page.locator("#q").fill("");
  await page.locator("#q").pressSequentially(q, { delay: 20 });
  await page.waitForFunction((text) => document.getElementById("status")?.textContent?.includes(text), q.trim());
}

async function axeViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ["violations"] }));
  return (result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]).map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

maybe("typing a name narrows the list to that library", async () => {
  const { context, page } = await open("/");
  try {
    assert.is(await page.locator("#browse").isVisible(), true);
    assert.is(await page.locator("#browse ul.libraries li").count(), 100, "page 1 of the full list");
    await typeQuery(page, "shelby");
    assert.equal(await resultNames(page), ["Shelbyville Library"]);
    assert.is(await page.locator("#browse").isVisible(), false, "the list gives way to the results");
    await page.locator("#q").fill("");
    await page.waitForFunction(() => !document.getElementById("browse")!.hidden);
  } finally {
    await context.close();
  }
});

maybe("a misspelt name finds its library", async () => {
  const { context, page } = await open("/");
  try {
    await typeQuery(page, "Sprngfeld libary");
    assert.is((await resultNames(page))[0], "Springfield Public Library");
  } finally {
    await context.close();
  }
});

maybe("a place (a ZIP, a state) finds the library serving it", async () => {
  const { context, page } = await open("/");
  try {
    await typeQuery(page, "62565");
    assert.equal(await resultNames(page), ["Shelbyville Library"]);
    await typeQuery(page, "kern county");
    assert.is((await resultNames(page))[0], "Kern County Library");
    // following a result opens the library's page
    await page.locator("#results li a").first().click();
    await page.waitForURL(/\/info\/.+\.html$/);
    assert.is(await page.locator("h1").textContent(), "Kern County Library");
  } finally {
    await context.close();
  }
});

maybe("typing a ZIP finds the library serving its county (the places table fetched for place queries only)", async () => {
  const { context, page } = await open("/");
  try {
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await typeQuery(page, "shelby");
    assert.not.ok(fetched.some((p) => p.startsWith("/search/places")), "not needed for a name");
    // 93203 is Arvin, in Kern County, CA: no library names it, Kern County Library serves it
    await typeQuery(page, "93203");
    assert.equal(await resultNames(page), ["Kern County Library"]);
    // the table without its states, then California's part only
    assert.equal(fetched.filter((p) => p.startsWith("/search/places")), ["/search/places/index.json", "/search/places/ca.json"]);
    await typeQuery(page, "Arvin, CA");
    assert.equal(await resultNames(page), ["Kern County Library"]);
  } finally {
    await context.close();
  }
});

maybe("a word only a description holds still finds the library (descriptions fetched on demand)", async () => {
  const { context, page } = await open("/");
  try {
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await typeQuery(page, "shelbyville");
    assert.not.ok(fetched.includes("/search/descriptions.json"), "not needed while names match");
    await typeQuery(page, "genealogy");
    assert.equal(await resultNames(page), ["Shelbyville Library"]);
    assert.ok(fetched.includes("/search/descriptions.json"));
  } finally {
    await context.close();
  }
});

maybe("near me, with a mocked position, lists the local library first", async () => {
  const { context, page } = await open("/", { geolocation: BAKERSFIELD, permissions: ["geolocation"] });
  try {
    await page.locator("#near-me").click();
    await page.waitForFunction(() => /near you/.test(document.getElementById("status")?.textContent ?? ""));
    assert.is((await resultNames(page))[0], "Kern County Library");
  } finally {
    await context.close();
  }
});

maybe("near me where no tile exists says so (a 404 tile is an empty answer)", async () => {
  const { context, page } = await open("/", { geolocation: { latitude: -45.5, longitude: 170.5 }, permissions: ["geolocation"] });
  try {
    await page.locator("#near-me").click();
    await page.waitForFunction(() => /No library found near you/.test(document.getElementById("status")?.textContent ?? ""));
    assert.is(await page.locator("#results li").count(), 0);
  } finally {
    await context.close();
  }
});

maybe("the QA page finds and marks libraries in testing; the production page does not list them", async () => {
  const { context, page } = await open("/qa.html");
  try {
    await typeQuery(page, "queens");
    assert.equal(await resultNames(page), ["Queens Public Library"]);
    assert.is(await page.locator("#results li .testing").count(), 1);
    await page.goto(base + "/");
    await typeQuery(page, "queens");
    assert.equal(await resultNames(page), []);
  } finally {
    await context.close();
  }
});

maybe("without JavaScript: the full list by page and letter, and every library's page", async () => {
  const { context, page } = await open("/", { javaScriptEnabled: false });
  try {
    assert.is(await page.locator("#find").isVisible(), false, "no search form that cannot work");
    assert.is(await page.locator("#browse ul.libraries li").count(), 100);
    const seen = new Set<string>();
    for (let n = 1; ; n++) {
      for (const name of await page.locator("#browse ul.libraries li a.name").allTextContents()) seen.add(name);
      const next = page.locator('a[rel="next"]');
      if ((await next.count()) === 0) break;
      await next.click();
      await page.waitForURL(new RegExp(`/list/${n + 1}\\.html$`));
    }
    assert.is(seen.size, 4 + 230, "every production library, once (Queens is in testing, one is cancelled)");
    // the letter index jumps to the page where S starts
    await page.locator('nav.letters a:text-is("S")').click();
    await page.waitForURL(/#letter-S$/);
    await page.locator('a.name:has-text("Springfield Public Library")').click();
    assert.is(await page.locator("h1").textContent(), "Springfield Public Library");
    assert.ok((await page.locator('a[href="mailto:help@springfield.example"]').count()) === 1);
    assert.ok((await page.locator('a[href="https://thepalaceproject.org/"]').count()) === 1, "the operator's reading app");
  } finally {
    await context.close();
  }
});

maybe("axe-core finds no violations: home, results, near me, a library page, the QA page", async () => {
  const { context, page } = await open("/", { geolocation: BAKERSFIELD, permissions: ["geolocation"] });
  try {
    assert.equal(await axeViolations(page), [], "home");
    await typeQuery(page, "library");
    assert.equal(await axeViolations(page), [], "results");
    await page.goto(base + "/qa.html");
    await typeQuery(page, "queens");
    assert.equal(await axeViolations(page), [], "qa results");
    await page.locator("#results li a").first().click();
    await page.waitForURL(/\/info\//);
    assert.equal(await axeViolations(page), [], "library page");
    await page.goto(base + "/list/2.html");
    assert.equal(await axeViolations(page), [], "list page 2");
  } finally {
    await context.close();
  }
});

maybe("the search form works from the keyboard alone", async () => {
  const { context, page } = await open("/");
  try {
    await page.keyboard.press("Tab"); // skip link
    assert.is(await page.evaluate(() => document.activeElement?.textContent), "Skip to the content");
    await page.keyboard.press("Enter");
    assert.is(await page.evaluate(() => document.activeElement?.id), "main");
    await page.keyboard.press("Tab"); // the first control of the content: the search box
    assert.is(await page.evaluate(() => document.activeElement?.id), "q");
    await page.keyboard.type("lapl");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /found/.test(document.getElementById("status")?.textContent ?? ""));
    assert.is((await resultNames(page))[0], "Los Angeles Public Library");
  } finally {
    await context.close();
  }
});

maybe("a feed URL or a missing page opened in the browser: the list, the library's page, a view of a tile, the 404 page whose search runs on the list page (axe-clean)", async () => {
  const { context, page } = await open("/libraries");
  try {
    assert.is(await page.locator("form#find").count(), 1, "the list page at the feed's URL");
    assert.ok(page.url().endsWith("/libraries"));
    const library = await page.goto(`${base}/library/urn:uuid:00000000-0000-4000-8000-000000000002`);
    assert.match(library?.headers()["content-type"] ?? "", /text\/html/);
    assert.is(await page.locator("h2", { hasText: "Where it serves" }).count(), 1, "the library's own page");
    const tile = await page.goto(`${base}/nearby/${Math.floor(BAKERSFIELD.latitude)}/${Math.floor(BAKERSFIELD.longitude)}.json`);
    assert.is(tile?.status(), 200);
    assert.is(await page.locator("h1").textContent(), "Libraries near you");
    assert.equal(await axeViolations(page), [], "a tile's view");
    const first = page.locator("ul.libraries a.name").first();
    const name = (await first.textContent())?.trim();
    await first.click();
    await page.waitForURL(/\/info\//);
    assert.is((await page.locator("h1").textContent())?.trim(), name, "each library links to its page");
    const missing = await page.goto(`${base}/no/such/page`);
    assert.is(missing?.status(), 404);
    assert.is(await page.locator("h1").textContent(), "Page not found");
    assert.equal(await axeViolations(page), [], "the 404 page");
    await page.locator("#q").fill("lapl");
    await page.locator("#q").press("Enter");
    await page.waitForURL(/\/\?q=lapl$/);
    await page.waitForFunction(() => /found/.test(document.getElementById("status")?.textContent ?? ""));
    assert.is((await resultNames(page))[0], "Los Angeles Public Library");
  } finally {
    await context.close();
  }
});

maybe("full-page screenshots, desktop and phone, into test-output/browser/", async () => {
  const shots: [string, string, Parameters<Browser["newContext"]>[0], string?][] = [
    ["home-desktop", "/", { viewport: { width: 1280, height: 800 } }],
    ["home-phone", "/", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
    ["results-phone", "/", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, "springfeld"],
    ["library-desktop", `/info/${"00000000-0000-4000-8000-000000000002"}.html`, { viewport: { width: 1280, height: 800 } }],
    ["library-phone", `/info/${"00000000-0000-4000-8000-000000000002"}.html`, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
    ["not-found-desktop", "/no/such/page", { viewport: { width: 1280, height: 800 } }],
    ["tile-view-phone", `/nearby/${Math.floor(BAKERSFIELD.latitude)}/${Math.floor(BAKERSFIELD.longitude)}.json`, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ];
  for (const [name, path, options, q] of shots) {
    const { context, page } = await open(path, options);
    try {
      if (q) await typeQuery(page, q);
      const file = join(OUTPUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(readFileSync(file).length > 1000, file);
    } finally {
      await context.close();
    }
  }
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { LeakError, renderSite } from "../../src/directory/render.ts";
import { planSite } from "../../src/directory/site-map.ts";
import { CONFIG, LOGO_HASH, library, sampleLibraries } from "../fixtures/directory/sample-libraries.ts";
import { isListedInQa, type DirectoryLibrary } from "../../src/directory/types.ts";
import { buildListPages } from "../../src/directory/web/list-pages.ts";
import { buildLibraryPages } from "../../src/directory/web/library-pages.ts";
import { memoizedEntries } from "../../src/directory/entry.ts";
import { feedProblems } from "./client-rules.ts";
import { catalogsFeedErrors } from "./opds-schemas.ts";
import { HAVE_SHARED } from "../support/shared.ts";

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

// Five libraries, carrying the private fields a YAML record has (they must not leak).
const PRIVATE = { short_name: "SPRINGSHORT", shared_secret: "very-secret-shared-value", contact: "mailto:director@private.example" };
const libs: DirectoryLibrary[] = sampleLibraries()
  .slice(0, 5)
  .map((l) => ({ ...l, ...PRIVATE }) as DirectoryLibrary);

let out = "";
let files = 0;

test.before(async () => {
  out = mkdtempSync(join(tmpdir(), "registry-render-"));
  ({ files } = await renderSite(libs, CONFIG, out));
});
test.after(() => rmSync(out, { recursive: true, force: true }));

test("writes every planned file, the script and the web pages (list pages, one per library listed in QA, the 404 page), and says how many", () => {
  const written = listFiles(out).map((p) => relative(out, p)).sort();
  const pages = [...buildListPages(libs, CONFIG, memoizedEntries(CONFIG)), ...buildLibraryPages(libs, CONFIG, memoizedEntries(CONFIG))].map((p) => p.path);
  const planned = planSite(libs, CONFIG).map((f) => f.path).concat(["assets/directory.js", "404.html", ...pages]).sort();
  assert.ok(pages.includes("index.html") && pages.includes("qa.html"));
  assert.is(pages.filter((p) => p.startsWith("info/")).length, libs.filter(isListedInQa).length);
  assert.equal(written, planned);
  assert.is(files, planned.length);
  for (const f of ["root.json", "feeds/libraries.json", "feeds/libraries-qa.json", "_headers", "_redirects", "nginx-registry.conf"]) assert.ok(written.includes(f), f);
});

test("the written files are the builders' output, byte for byte", () => {
  for (const f of planSite(libs, CONFIG)) assert.is(readFileSync(join(out, f.path), "utf8"), f.body, f.path);
});

test("every JSON feed written is valid for the apps (and the schema when ../shared is here)", () => {
  for (const p of listFiles(join(out, "feeds"))) {
    const doc = JSON.parse(readFileSync(p, "utf8"));
    assert.equal(feedProblems(doc), [], p);
    if (HAVE_SHARED) assert.equal(catalogsFeedErrors(doc), [], p);
  }
});

test("no private data anywhere in the output", () => {
  for (const p of listFiles(out)) {
    const text = readFileSync(p, "utf8");
    for (const secret of Object.values(PRIVATE)) assert.not.ok(text.includes(secret.replace("mailto:", "")), `${secret} in ${p}`);
    assert.not.ok(text.includes("integration-contact"), p);
    assert.not.ok(/shared_secret|short_name/.test(text), p);
  }
});

test("private data in what the build would publish stops it: every feed piece, file and page is checked, and all are named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "registry-render-leak-"));
  const key = "-----BEGIN RSA PRIVATE KEY-----";
  const leaky = library(7, { info: { description: `Our key: ${key}` } });
  const secret = "0123456789abcdef".repeat(3);
  const leakyTitle = library(8, { info: { title: `Library ${secret}` } });
  try {
    await renderSite([...libs, leaky, leakyTitle], CONFIG, dir);
    assert.unreachable("published private data");
  } catch (err) {
    assert.instance(err, LeakError);
    const where = (err as LeakError).leaks.map((l) => l.where);
    assert.ok(where.some((w) => w.startsWith("entry ")), `a feed entry: ${where}`);
    assert.ok(where.some((w) => w.startsWith("feeds/library/")), `the library's own document: ${where}`);
    assert.ok(where.some((w) => w.startsWith("info/") && w.endsWith(".html")), `its web page (rendered by Eleventy): ${where}`);
    assert.ok((err as LeakError).leaks.some((l) => l.kind === "private-key") && (err as LeakError).leaks.some((l) => l.kind === "plaintext-secret"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("files that are byte for byte the same are one file on disk: areas named by several libraries, a crawl series' end page", () => {
  const byContent = new Map<string, number[]>();
  for (const p of [...listFiles(join(out, "areas")), ...listFiles(join(out, "feeds", "crawl"))]) {
    const text = readFileSync(p, "utf8");
    byContent.set(text, [...(byContent.get(text) ?? []), statSync(p).ino]);
  }
  const repeated = [...byContent.values()].filter((inodes) => inodes.length > 1);
  assert.ok(repeated.length >= 2, "some areas and crawl pages repeat");
  for (const inodes of repeated) assert.is(new Set(inodes).size, 1, "one inode per content");
});

test("index.html lists the production libraries, escaped, with safe links only", () => {
  const html = readFileSync(join(out, "index.html"), "utf8");
  assert.match(html, "<!doctype html>");
  assert.match(html, "Springfield Public Library");
  assert.match(html, "Zebra County &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
  assert.match(html, "&quot;Quotes&quot; &amp; &lt;b&gt;tags&lt;/b&gt;");
  assert.not.match(html, "<script>");
  assert.match(html, '<script type="module" src="/assets/directory.js"></script>', "our own script only");
  assert.not.match(html, "javascript:", "a javascript: website is not linked");
  assert.not.match(html, "<img", "no logos in the list (first-load budget)");
  const spl = readFileSync(join(out, "info", `${libs.find((l) => l.info.title === "Springfield Public Library")!.id.slice(9)}.html`), "utf8");
  assert.match(spl, `<img src="https://registry.example.org/logos/${LOGO_HASH}.png"`, "the library's page shows the registry's converted logo");
  assert.not.match(spl, "bucket.example/logo", "never the library's own logo URL");
  assert.not.match(html, "Beta Testing Library", "testing libraries are on the QA page");
  assert.match(html, 'href="/qa.html"');
  assert.match(html, 'href="https://registry.example.org/libraries"');
  const qa = readFileSync(join(out, "qa.html"), "utf8");
  assert.match(qa, "Beta Testing Library");
  assert.match(qa, 'href="/"');
  assert.match(qa, '<span class="testing">in testing</span>', "the QA page marks libraries in testing");
});

test("rendering twice into fresh folders gives the same files", async () => {
  const again = mkdtempSync(join(tmpdir(), "registry-render-"));
  try {
    await renderSite([...libs, library(50, { info: { title: "One More" } })], CONFIG, again);
    assert.ok(readFileSync(join(again, "feeds/libraries.json"), "utf8").includes("One More"));
    assert.not.ok(readFileSync(join(out, "feeds/libraries.json"), "utf8").includes("One More"), "the first render is untouched");
  } finally {
    rmSync(again, { recursive: true, force: true });
  }
});

test("library pages rendered in several Eleventy runs are the pages one run writes, each written once, list pages and 404 included", async () => {
  const many = sampleLibraries();
  const oneRun = mkdtempSync(join(tmpdir(), "registry-render-one-"));
  const runsOfTwo = mkdtempSync(join(tmpdir(), "registry-render-runs-"));
  try {
    const a = await renderSite(many, CONFIG, oneRun);
    const b = await renderSite(many, CONFIG, runsOfTwo, { pagesPerRun: 2 });
    const filesOf = (dir: string) => listFiles(dir).map((p) => relative(dir, p)).sort();
    const infoPages = filesOf(runsOfTwo).filter((p) => p.startsWith("info/"));
    assert.ok(infoPages.length > 4, `more than two runs' worth of library pages (${infoPages.length})`);
    assert.equal(filesOf(runsOfTwo), filesOf(oneRun));
    assert.is(b.files, a.files, "every page counted once");
    for (const f of filesOf(oneRun)) assert.is(readFileSync(join(runsOfTwo, f), "utf8"), readFileSync(join(oneRun, f), "utf8"), f);
  } finally {
    rmSync(oneRun, { recursive: true, force: true });
    rmSync(runsOfTwo, { recursive: true, force: true });
  }
});

test.run();

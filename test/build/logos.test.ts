// Logos as files: every kind of logo a library may publish gives one converted PNG under
// dist/logos/ or one warning in the build report, and no library is ever lost over its logo.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { buildDirectory, listFiles } from "../../src/build/build.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

const image = (width: number, height: number, format: "png" | "jpeg", rgb = { r: 20, g: 120, b: 200 }) =>
  sharp({ create: { width, height, channels: 3, background: rgb } })[format]().toBuffer();
const dataUri = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString("base64")}`;

/** A library whose document links `logo` (a data: URI or a URL). */
function serveLibrary(name: string, logo: { href: string; type?: string }) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: `mailto:help@${name}.example` }, { rel: "logo", ...logo }],
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

let n = 0;
function workspace(urls: Record<string, string>): { cfg: RegistryConfig; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "logos-"));
  mkdirSync(join(dir, "libraries"));
  for (const [slug, url] of Object.entries(urls)) {
    n++;
    writeFileSync(join(dir, "libraries", `${slug}.yaml`), `id: urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}\nurl: ${url}\nlibrary_stage: production\nregistry_stage: production\n`);
  }
  const cfg = withDefaults({ title: "Logos", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 30 } }, dir, null);
  return { cfg, dir };
}

const feed = (cfg: RegistryConfig) => JSON.parse(readFileSync(join(cfg.out_dir, "feeds", "libraries.json"), "utf8")) as { catalogs: { metadata: { title: string }; images?: { href: string; type: string; rel: string }[] }[] };
const imageOf = (cfg: RegistryConfig, title: string) => feed(cfg).catalogs.find((c) => c.metadata.title === title)?.images;
const warningsOf = (report: { libraries: { slug: string; warnings?: string[] }[] }, slug: string) => report.libraries.find((l) => l.slug === slug)?.warnings ?? [];
const logoWarnings = (report: { libraries: { slug: string; warnings?: string[] }[] }, slug: string) => warningsOf(report, slug).filter((w) => /^Logo/.test(w));
const filesUnder = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

function everyFileHasNoDataLogo(dir: string) {
  for (const f of listFiles(dir)) assert.not.match(readFileSync(f, "latin1"), /data:image/i, f);
}

let lib: Record<string, string>;
let built: { cfg: RegistryConfig; dir: string; report: any };
const png = { wide: Buffer.alloc(0), small: Buffer.alloc(0), jpeg: Buffer.alloc(0), huge: Buffer.alloc(0) };

test.before(async () => {
  png.wide = await image(300, 150, "png");
  png.small = await image(40, 20, "png", { r: 250, g: 200, b: 0 });
  png.jpeg = await image(200, 200, "jpeg", { r: 10, g: 200, b: 90 });
  png.huge = await image(5000, 4000, "png");
  srv.set("/files/logo.jpg", { type: "image/jpeg", body: png.jpeg });
  srv.set("/files/fake.png", { type: "image/png", body: "<!doctype html><title>Not found</title><p>Sorry" });
  srv.set("/files/broken.png", { status: 500, type: "text/plain", body: "oops" });
  srv.set("/files/huge.png", { type: "image/png", body: png.huge });
  const port = new URL(srv.base).port;
  lib = {
    "a-png": serveLibrary("a-png", { href: dataUri("image/png", png.wide), type: "image/png" }),
    "b-small": serveLibrary("b-small", { href: dataUri("image/png", png.small), type: "image/png" }),
    "c-jpeg": serveLibrary("c-jpeg", { href: `${srv.base}/files/logo.jpg`, type: "image/jpeg" }),
    "d-svg": serveLibrary("d-svg", { href: dataUri("image/svg+xml", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')), type: "image/svg+xml" }),
    "e-huge": serveLibrary("e-huge", { href: `${srv.base}/files/huge.png`, type: "image/png" }),
    "f-fake": serveLibrary("f-fake", { href: `${srv.base}/files/fake.png`, type: "image/png" }),
    "g-broken": serveLibrary("g-broken", { href: `${srv.base}/files/broken.png` }),
    // localhost is 127.0.0.1 but only the literal 127.0.0.1 is allowed: a forbidden address
    "h-forbidden": serveLibrary("h-forbidden", { href: `http://localhost:${port}/files/logo.jpg`, type: "image/jpeg" }),
    "i-same": serveLibrary("i-same", { href: dataUri("image/png", png.wide), type: "image/png" }),
  };
  const ws = workspace(lib);
  const r = await buildDirectory({ config: ws.cfg, updateSnapshots: true });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  built = { ...ws, report: r.report };
});

test("every library is listed, whatever its logo", () => {
  assert.is(feed(built.cfg).catalogs.length, Object.keys(lib).length);
});

test("a PNG is published once under logos/<hash>.png, within 135×135 with its aspect ratio", async () => {
  const images = imageOf(built.cfg, "Library a-png")!;
  assert.is(images.length, 1);
  assert.is(images[0].type, "image/png");
  assert.is(images[0].rel, "http://opds-spec.org/image/thumbnail");
  const m = /^https:\/\/registry\.test\/logos\/([0-9a-f]{32})\.png$/.exec(images[0].href);
  assert.ok(m, images[0].href);
  const meta = await sharp(readFileSync(join(built.cfg.out_dir, "logos", `${m![1]}.png`))).metadata();
  assert.equal([meta.format, meta.width, meta.height], ["png", 135, 68]);
  assert.equal(logoWarnings(built.report, "a-png"), []);
});

test("a small logo is never enlarged", async () => {
  const href = imageOf(built.cfg, "Library b-small")![0].href;
  const meta = await sharp(readFileSync(join(built.cfg.out_dir, "logos", href.split("/").pop()!))).metadata();
  assert.equal([meta.format, meta.width, meta.height], ["png", 40, 20]);
});

test("a JPEG by URL is fetched and converted to PNG", async () => {
  const href = imageOf(built.cfg, "Library c-jpeg")![0].href;
  const bytes = readFileSync(join(built.cfg.out_dir, "logos", href.split("/").pop()!));
  const meta = await sharp(bytes).metadata();
  assert.equal([meta.format, meta.width, meta.height], ["png", 135, 135]);
});

test("SVG, oversized, non-image, broken and forbidden-address logos: one warning each, no image", () => {
  const cases: [string, RegExp][] = [
    ["d-svg", /SVG/],
    ["e-huge", /5000×4000 pixels/],
    ["f-fake", /not an image/],
    ["g-broken", /HTTP 500/],
    ["h-forbidden", /not a public internet address/],
  ];
  for (const [slug, reason] of cases) {
    const warnings = logoWarnings(built.report, slug);
    assert.is(warnings.length, 1, `${slug}: ${warnings}`);
    assert.match(warnings[0], /^Logo not published: /);
    assert.match(warnings[0], reason, slug);
    assert.is(imageOf(built.cfg, `Library ${slug}`), undefined, slug);
    assert.ok(built.report.libraries.find((l: { slug: string }) => l.slug === slug).feeds.includes("production"), `${slug} is listed`);
  }
});

test("the same image for two libraries is one file", () => {
  assert.is(imageOf(built.cfg, "Library i-same")![0].href, imageOf(built.cfg, "Library a-png")![0].href);
  // a-png (= i-same), b-small, c-jpeg: three distinct images, three files
  assert.is(filesUnder(join(built.cfg.out_dir, "logos")).length, 3);
});

test("no data: logo anywhere in dist/ or libraries/; the snapshots name the committed PNGs", () => {
  everyFileHasNoDataLogo(built.cfg.out_dir);
  everyFileHasNoDataLogo(join(built.dir, "libraries"));
  const { entries, errors } = loadEntries(join(built.dir, "libraries"));
  assert.equal(errors, []);
  const named = entries.flatMap((e) => e.entry.snapshot?.logo_png ?? []);
  assert.is(named.length, 4, "a-png, b-small, c-jpeg, i-same");
  assert.equal(filesUnder(join(built.dir, "libraries", "logos")), [...new Set(named)].map((h) => `${h}.png`).sort());
  assert.equal(filesUnder(join(built.dir, "libraries", "logos")), filesUnder(join(built.cfg.out_dir, "logos")));
  // moved out of the build's cache, not copied: one file each, in libraries/logos
  const cached = existsSync(join(built.dir, ".cache", "logos")) ? filesUnder(join(built.dir, ".cache", "logos")) : [];
  for (const f of filesUnder(join(built.dir, "libraries", "logos"))) assert.not.ok(cached.includes(f), `${f} is not kept twice`);
});

test("an offline build from the snapshots publishes every logo it published before", async () => {
  const before = feed(built.cfg).catalogs.map((c) => [c.metadata.title, c.images?.[0].href]);
  const logosBefore = filesUnder(join(built.cfg.out_dir, "logos")).map((f) => readFileSync(join(built.cfg.out_dir, "logos", f)));
  // Nothing but the repository: no HTTP cache, no conversions kept by the build
  rmSync(join(built.dir, ".cache"), { recursive: true, force: true });
  const r = await buildDirectory({ config: built.cfg, offline: true });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.equal(feed(built.cfg).catalogs.map((c) => [c.metadata.title, c.images?.[0].href]), before);
  assert.equal(filesUnder(join(built.cfg.out_dir, "logos")).map((f) => readFileSync(join(built.cfg.out_dir, "logos", f))), logosBefore);
  for (const l of r.report.libraries) assert.equal(l.warnings ?? [], [], l.slug);
});

test("a snapshot naming a logo file that is missing: listed without an image, with a warning", async () => {
  const ws = workspace({});
  const text = readFileSync(join(built.dir, "libraries", "a-png.yaml"), "utf8");
  writeFileSync(join(ws.dir, "libraries", "a-png.yaml"), text);
  const r = await buildDirectory({ config: ws.cfg, offline: true });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  assert.is(feed(ws.cfg).catalogs.length, 1);
  assert.is(imageOf(ws.cfg, "Library a-png"), undefined);
  assert.match(logoWarnings(r.report, "a-png")[0], /libraries\/logos\/[0-9a-f]{32}\.png is missing/);
});

test("a rebuild links the logos of the dist/ it replaces; one altered in place there is copied afresh", async () => {
  const ws = workspace({});
  for (const f of readdirSync(join(built.dir, "libraries"))) {
    if (f.endsWith(".yaml")) writeFileSync(join(ws.dir, "libraries", f), readFileSync(join(built.dir, "libraries", f)));
  }
  mkdirSync(join(ws.dir, "libraries", "logos"));
  for (const f of filesUnder(join(built.dir, "libraries", "logos"))) writeFileSync(join(ws.dir, "libraries", "logos", f), readFileSync(join(built.dir, "libraries", "logos", f)));
  const first = await buildDirectory({ config: ws.cfg, offline: true });
  if (!first.ok) throw new Error(first.errors.join("\n"));
  const logosDir = join(ws.cfg.out_dir, "logos");
  const [kept, altered] = filesUnder(logosDir);
  const keptIno = statSync(join(logosDir, kept)).ino;
  // a deploy step that "optimizes" images in place
  const original = readFileSync(join(logosDir, altered));
  writeFileSync(join(logosDir, altered), Buffer.concat([original, Buffer.from("trailing bytes")]));
  // something changed, so the site is rendered again (not linked whole)
  const entry = join(ws.dir, "libraries", "a-png.yaml");
  writeFileSync(entry, readFileSync(entry, "utf8").replace(/^( {2}title: .*)$/m, "$1 (renamed)"));
  const second = await buildDirectory({ config: ws.cfg, offline: true });
  if (!second.ok) throw new Error(second.errors.join("\n"));
  assert.is(statSync(join(logosDir, kept)).ino, keptIno, "linked from the previous dist/");
  assert.equal(readFileSync(join(logosDir, altered)), original, "the altered copy is not published again");
  assert.equal(filesUnder(logosDir), filesUnder(join(ws.dir, "libraries", "logos")));
});

test("a warm build converts nothing again and changes no snapshot", async () => {
  const snapshots = () => readdirSync(join(built.dir, "libraries")).filter((f) => f.endsWith(".yaml")).map((f) => readFileSync(join(built.dir, "libraries", f), "utf8"));
  const r1 = await buildDirectory({ config: built.cfg, updateSnapshots: true });
  assert.ok(r1.ok);
  const first = snapshots();
  const r2 = await buildDirectory({ config: built.cfg, updateSnapshots: true });
  if (!r2.ok) throw new Error(r2.errors.join("\n"));
  assert.equal(snapshots(), first);
  assert.is(r2.report.counts.changed, 0);
});

test.run();

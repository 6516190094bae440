// A registration converts the library's logo as the build does: the entry names the PNG by its
// hash, the PNG is written once under libraries/logos/ (what the pull request shows), and a bad
// logo is a warning in the answer, never a failed registration.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { MAX_LOGO_HREF_CHARS } from "../../src/opds/string-caps.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function workspace(): RegistryConfig {
  const dir = mkdtempSync(join(tmpdir(), "register-logo-"));
  return withDefaults({ title: "Test", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 30 } }, dir, null);
}

function library(name: string, logo: { href: string; type?: string }) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: `mailto:help@${name}.example` }, { rel: "logo", ...logo }],
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

test("a data: logo becomes libraries/logos/<hash>.png; the entry keeps only the hash", async () => {
  const cfg = workspace();
  const png = await sharp({ create: { width: 270, height: 270, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
  const url = library("datalogo", { href: `data:image/png;base64,${png.toString("base64")}`, type: "image/png" });
  const r = await registerLibrary({ url }, registrationContext(cfg, { env: {} }));
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  const hash = r.entry.snapshot!.logo_png!;
  assert.match(hash, /^[0-9a-f]{32}$/);
  assert.is(r.entry.snapshot!.logo, undefined, "no data: URI kept");
  assert.not.match(readFileSync(r.path, "utf8"), /data:/);
  const file = join(cfg.libraries_dir, "logos", `${hash}.png`);
  const meta = await sharp(readFileSync(file)).metadata();
  assert.equal([meta.format, meta.width, meta.height], ["png", 135, 135]);
  assert.equal(r.document.images, [{ rel: "http://opds-spec.org/image/thumbnail", href: `https://registry.test/logos/${hash}.png`, type: "image/png" }]);
  assert.equal(loadEntries(cfg.libraries_dir).errors, []);
});

test("a logo URL is kept as the source; an unreadable logo is a warning and the library still registers", async () => {
  const cfg = workspace();
  srv.set("/files/logo.html", { type: "image/png", body: "<html>not an image</html>" });
  const url = library("badlogo", { href: `${srv.base}/files/logo.html`, type: "image/png" });
  const r = await registerLibrary({ url }, registrationContext(cfg, { env: {} }));
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.is(r.status, 201);
  assert.is(r.entry.snapshot!.logo_png, undefined);
  assert.equal(r.entry.snapshot!.logo, { href: `${srv.base}/files/logo.html`, type: "image/png" });
  assert.ok(r.warnings.some((w) => /Logo not published: the logo is not an image/.test(w.detail ?? "")), JSON.stringify(r.warnings));
  assert.is(r.document.images, undefined);
  assert.not.ok(existsSync(join(cfg.libraries_dir, "logos")) && readdirSync(join(cfg.libraries_dir, "logos")).length);
});

test("a data: logo over a megabyte costs the library its image, not its registration", async () => {
  const cfg = workspace();
  // a real PNG, padded with a trailing chunk to a data: URI of more than 1 MiB
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 9, g: 9, b: 9 } } }).png().toBuffer();
  const href = `data:image/png;base64,${Buffer.concat([png, Buffer.alloc(800_000, 1)]).toString("base64")}`;
  assert.ok(href.length > MAX_LOGO_HREF_CHARS);
  const url = library("hugedata", { href, type: "image/png" });
  const r = await registerLibrary({ url }, registrationContext(cfg, { env: {} }));
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  assert.is(r.status, 201);
  assert.is(r.entry.snapshot!.logo, undefined);
  assert.is(r.entry.snapshot!.logo_png, undefined);
  assert.ok(r.warnings.some((w) => /'logo\.href' is \d+ characters long; the registry keeps at most 1048576: the library is listed without an image/.test(w.detail ?? "")), JSON.stringify(r.warnings));
  assert.not.match(readFileSync(r.path, "utf8"), /data:/);
});

test.run();

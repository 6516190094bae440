// Adobe Vendor ID on `registry serve` (crypto.md §5): Adobe's servers sign a patron in with a
// Short Client Token (as username/password or as authData) and look the account up again; the
// endpoints exist only when adobe_vendor_id and the registry key are configured.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults } from "../../src/registry/config.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { adobeFromConfig } from "../../src/server/adobe.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { seal } from "../../src/registry/sealed.ts";
import { encodeExpiry, signShortClientToken } from "../../src/registry/short-client-token.ts";
import { snapshotEntryYaml } from "../support/snapshot-libraries.ts";

const VENDOR = "VENDOR";
const SECRET = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
const keys = generateRegistryKeyPair(2048);
const work = mkdtempSync(join(tmpdir(), "adobe-"));
mkdirSync(join(work, "libraries"));
writeFileSync(
  join(work, "libraries", "lib-1.yaml"),
  snapshotEntryYaml({ index: 1, registry_stage: "production", updated: "2026-01-01T00:00:00Z" }) + `short_name: UDAXIH\nshared_secret: ${seal(SECRET, keys.publicKeyPem)}\n`,
);
const cfg = withDefaults({ title: "A", base_url: "https://registry.test", adobe_vendor_id: VENDOR }, work, null);

let on: Server;
let off: Server;
let noKey: Server;
const bases: Record<string, string> = {};

async function listen(name: string, server: Server) {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  bases[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test.before(async () => {
  on = createRegistryServer({ outDir: join(work, "dist"), adobe: adobeFromConfig(cfg, cfg.libraries_dir, keys.privateKeyPem).adobe });
  off = createRegistryServer({ outDir: join(work, "dist"), adobe: adobeFromConfig({ ...cfg, adobe_vendor_id: null }, cfg.libraries_dir, keys.privateKeyPem).adobe });
  noKey = createRegistryServer({ outDir: join(work, "dist"), adobe: adobeFromConfig(cfg, cfg.libraries_dir, null).adobe });
  await listen("on", on);
  await listen("off", off);
  await listen("noKey", noKey);
});
test.after(async () => {
  for (const s of [on, off, noKey]) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

const token = (patron: string, opts: { secret?: string; minutes?: number } = {}) =>
  signShortClientToken({ shortName: "UDAXIH", secret: opts.secret ?? SECRET, patron, expires: encodeExpiry(new Date(Date.now() + (opts.minutes ?? 60) * 60_000), "seconds-since-1970") });

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
function standard(t: string): string {
  const last = t.lastIndexOf("|");
  return `<signInRequest method="standard" xmlns="http://ns.adobe.com/adept"><username>${escape(t.slice(0, last))}</username><password>${escape(t.slice(last + 1))}</password></signInRequest>`;
}
const authData = (t: string) => `<signInRequest method="authData" xmlns="http://ns.adobe.com/adept"><authData>${Buffer.from(t).toString("base64")}</authData></signInRequest>`;

async function post(base: string, path: string, body: string) {
  const r = await fetch(base + path, { method: "POST", headers: { "Content-Type": "application/vnd.adobe.adept+xml" }, body });
  return { status: r.status, type: r.headers.get("content-type") ?? "", text: await r.text() };
}
const userOf = (xml: string) => /<user>(urn:uuid:[0-9a-f-]{36})<\/user>/.exec(xml)?.[1];

test("SignIn with a valid token (username/password): an account id, the same for the same patron every time", async () => {
  const a = await post(bases.on, "/AdobeAuth/SignIn", standard(token("patron-1")));
  assert.is(a.status, 200);
  assert.match(a.type, /xml/);
  assert.match(a.text, /^<signInResponse xmlns="http:\/\/ns\.adobe\.com\/adept">/);
  const user = userOf(a.text);
  assert.ok(user, a.text);
  assert.match(a.text, new RegExp(`<label>Delegated account ID ${user}</label>`));
  const again = await post(bases.on, "/AdobeAuth/SignIn", standard(token("patron-1", { minutes: 5 })));
  assert.is(userOf(again.text), user, "a later token of the same patron");
  const other = await post(bases.on, "/AdobeAuth/SignIn", standard(token("patron-2")));
  assert.ok(userOf(other.text) && userOf(other.text) !== user, "another patron, another account");
  assert.not.ok(a.text.includes("patron-1"), "the account id reveals nothing about the patron");
});

test("SignIn with authData (the whole token, base64) gives the same account", async () => {
  const viaStandard = userOf((await post(bases.on, "/AdobeAuth/SignIn", standard(token("patron-3")))).text);
  const viaAuthData = await post(bases.on, "/AdobeAuth/SignIn", authData(token("patron-3")));
  assert.is(viaAuthData.status, 200);
  assert.is(userOf(viaAuthData.text), viaStandard);
});

test("a bad signature, an expired token, an unknown library or garbage: Adobe's error element, HTTP 200", async () => {
  const bad = [
    standard(token("p", { secret: "not the secret" })),
    standard(token("p", { minutes: -5 })),
    standard(token("p").replace("UDAXIH", "NOSUCH")),
    authData("no pipes here"),
    "<signInRequest><username>x</username></signInRequest>",
    "not xml at all",
    "",
  ];
  for (const body of bad) {
    const r = await post(bases.on, "/AdobeAuth/SignIn", body);
    assert.is(r.status, 200, body);
    assert.is(r.text.trim(), `<error xmlns="http://ns.adobe.com/adept" data="E_${VENDOR}_AUTH Incorrect token."/>`, body);
  }
});

test("AccountInfo: the label of an account id; anything else is an ACCOUNT_INFO error", async () => {
  const user = userOf((await post(bases.on, "/AdobeAuth/SignIn", standard(token("patron-4")))).text)!;
  const r = await post(bases.on, "/AdobeAuth/AccountInfo", `<accountInfoRequest method="standard" xmlns="http://ns.adobe.com/adept"><user>${user}</user></accountInfoRequest>`);
  assert.is(r.status, 200);
  assert.is(r.text.trim(), `<accountInfoResponse xmlns="http://ns.adobe.com/adept">\n<label>Delegated account ID ${user}</label>\n</accountInfoResponse>`);
  const bad = await post(bases.on, "/AdobeAuth/AccountInfo", `<accountInfoRequest method="standard" xmlns="http://ns.adobe.com/adept"><user>someone</user></accountInfoRequest>`);
  assert.match(bad.text, new RegExp(`data="E_${VENDOR}_ACCOUNT_INFO Could not identify patron from 'someone'\\."`));
});

test("Status answers UP; GET on SignIn is 405", async () => {
  const r = await fetch(`${bases.on}/AdobeAuth/Status`);
  assert.is(r.status, 200);
  assert.is(await r.text(), "UP");
  assert.is((await fetch(`${bases.on}/AdobeAuth/SignIn`)).status, 405);
});

test("without adobe_vendor_id, or without the registry key: every /AdobeAuth/ URL is a 404", async () => {
  for (const base of [bases.off, bases.noKey]) {
    assert.is((await fetch(`${base}/AdobeAuth/Status`)).status, 404);
    assert.is((await post(base, "/AdobeAuth/SignIn", standard(token("p")))).status, 404);
    assert.is((await post(base, "/AdobeAuth/AccountInfo", "<accountInfoRequest/>")).status, 404);
  }
  assert.match(adobeFromConfig(cfg, cfg.libraries_dir, null).note, /REGISTRY_PRIVATE_KEY/);
});

test.run();

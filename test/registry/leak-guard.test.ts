import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LeakScanCache, findLeaks, findLeaksInBytes, isImageOnlyPng, scanFiles, type Leak } from "../../src/registry/leak-guard.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { seal } from "../../src/registry/sealed.ts";

const SECRET = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
const keys = generateRegistryKeyPair(2048);
const SEALED = seal(SECRET, keys.publicKeyPem);
const SEALED_CONTACT = seal("mailto:it@springfield.example", keys.publicKeyPem);
// Built at run time so this source file itself holds no PEM armour for a private key.
const BEGIN_PRIVATE = (label: string) => `-----BEGIN ${label}PRIVATE KEY-----`;
const PRIVATE_PEM = keys.privateKeyPem;

const kinds = (leaks: Leak[]) => leaks.map((l) => `${l.line}:${l.kind}`);

test("private keys in any armour, in YAML, JSON with \\n escapes, or plain text", () => {
  assert.equal(kinds(findLeaks(`name: x\nkey: |\n  ${PRIVATE_PEM.split("\n").join("\n  ")}`, "libraries/x.yaml")), ["3:private-key"]);
  assert.equal(kinds(findLeaks(JSON.stringify({ key: PRIVATE_PEM }), "dist/x.json")), ["1:private-key"]);
  for (const label of ["", "RSA ", "EC ", "ENCRYPTED ", "OPENSSH "]) {
    assert.equal(kinds(findLeaks(`a\n${BEGIN_PRIVATE(label)}\nMIIE\n`, "f.txt")), ["2:private-key"], label);
  }
  assert.equal(findLeaks(keys.publicKeyPem, "registry-public-key.pem"), [], "a public key is fine");
});

test("shared_secret in the clear is a leak; sealed is fine in libraries/", () => {
  const yaml = (v: string) => `short_name: UDAXIH\nshared_secret: ${v}\n`;
  assert.equal(kinds(findLeaks(yaml(SECRET), "libraries/x.yaml")), ["2:plaintext-secret"]);
  assert.equal(kinds(findLeaks(yaml(`"${SECRET}"`), "libraries/x.yaml")), ["2:plaintext-secret"]);
  assert.equal(kinds(findLeaks(yaml("hunter2"), "libraries/x.yaml")), ["2:plaintext-secret"], "any unsealed value, not only hex");
  assert.equal(kinds(findLeaks(`shared_secret: >-\n  ${SECRET}\n`, "libraries/x.yaml")), ["1:plaintext-secret"], "block scalar");
  assert.equal(kinds(findLeaks(`{"short_name": "X", "shared_secret": "${SECRET}"}`, "x.json")), ["1:plaintext-secret"]);
  assert.equal(findLeaks(yaml(SEALED), "libraries/x.yaml"), []);
  assert.equal(findLeaks(yaml(`'${SEALED}'`), "libraries/x.yaml"), []);
  assert.equal(findLeaks(`shared_secret: >-\n  ${SEALED}\n`, "libraries/x.yaml"), []);
  assert.equal(findLeaks("shared_secret:\nshared_secret: null\nshared_secret: ~\nshared_secret: ''\n", "libraries/x.yaml"), []);
});

test("messages never repeat the secret and say where", () => {
  const [leak] = findLeaks(`a: 1\nshared_secret: ${SECRET}\n`, "libraries/springfield.yaml");
  assert.is(leak.where, "libraries/springfield.yaml");
  assert.is(leak.line, 2);
  assert.match(leak.message, /^libraries\/springfield\.yaml:2 shared_secret is not sealed/);
  assert.not.ok(leak.message.includes(SECRET));
});

test("in dist/ any shared_secret is a leak, sealed or not (the registration response is never written)", () => {
  const response = JSON.stringify({ metadata: { short_name: "UDAXIH", shared_secret: "TFkdcr3SVUm8TJxrFVKoQpzXKrbGWAPRpAcx8TF/zfWY6J1rn60la8Y+90TFSXjnCHIPKk8ENAcTmuTb" } }, null, 2);
  assert.equal(kinds(findLeaks(response, "dist/register.json", { allowSealed: false })), ["4:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`{"shared_secret":"${SEALED}"}`, "dist/x.json", { allowSealed: false })), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`contact: ${SEALED_CONTACT}`, "dist/x.yaml", { allowSealed: false })), [], "a sealed contact is not an address");
});

test("a 48-hex value standing alone is flagged wherever it is", () => {
  assert.equal(kinds(findLeaks(`secret: ${SECRET}`, "f.yaml")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`- ${SECRET}`, "f.yaml")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`{"token": "${SECRET}"}`, "f.json")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`<meta content="${SECRET}">`, "f.html")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`Authorization: Bearer ${SECRET}`, "log.txt")), ["1:plaintext-secret"]);
  // Other hashes and hex inside longer strings are not secrets.
  const sha1 = "a".repeat(40), sha256 = "b".repeat(64);
  assert.equal(findLeaks(`etag: "${sha1}"\nsha256: ${sha256}\nurl: https://cdn.example/${SECRET}.png\nid: x${SECRET}\n`, "f.yaml"), []);
});

test("contact addresses under a contact key are leaks unless sealed", () => {
  assert.equal(kinds(findLeaks("name: x\ncontact: mailto:it@springfield.example\n", "libraries/x.yaml")), ["2:contact-address"]);
  assert.equal(kinds(findLeaks("contact: 'it@springfield.example'\n", "libraries/x.yaml")), ["1:contact-address"]);
  assert.equal(kinds(findLeaks(`{"contact": "mailto:it@springfield.example"}`, "x.json")), ["1:contact-address"]);
  assert.equal(kinds(findLeaks("integration_contact: mailto:it@springfield.example\n", "libraries/x.yaml")), ["1:contact-address"]);
  assert.equal(kinds(findLeaks("contact:\n  email: it@springfield.example\n  name: IT desk\nname: x\n", "libraries/x.yaml")), ["2:contact-address"]);
  assert.equal(kinds(findLeaks("contact:\n  - mailto:it@springfield.example\n", "libraries/x.yaml")), ["2:contact-address"]);
  assert.equal(findLeaks(`contact: ${SEALED_CONTACT}\n`, "libraries/x.yaml"), []);
  assert.equal(findLeaks(`contact:\n`, "libraries/x.yaml"), []);
});

test("public help and copyright mailto: links are not leaks", () => {
  const feed = JSON.stringify({
    links: [
      { rel: "help", href: "mailto:help@springfield.example" },
      { rel: "http://librarysimplified.org/rel/designated-agent/copyright", href: "mailto:dmca@springfield.example" },
    ],
  }, null, 2);
  assert.equal(findLeaks(feed, "dist/libraries.json", { allowSealed: false }), []);
  assert.equal(findLeaks(JSON.stringify(JSON.parse(feed)), "dist/libraries.json", { allowSealed: false }), []);
  const yaml = "links:\n  - rel: help\n    href: mailto:help@springfield.example\n";
  assert.equal(findLeaks(yaml, "libraries/x.yaml"), []);
  assert.equal(findLeaks('<a href="mailto:help@springfield.example">Contact us</a>', "dist/x.html", { allowSealed: false }), []);
  assert.equal(findLeaks("description: Contact: mailto:help@springfield.example for help\n", "libraries/x.yaml"), []);
});

test("the private integration-contact link", () => {
  const rel = "http://librarysimplified.org/rel/integration-contact";
  const oneLine = JSON.stringify({ links: [{ rel: "help", href: "mailto:h@x.example" }, { rel, href: "mailto:it@x.example" }] });
  assert.equal(kinds(findLeaks(oneLine, "dist/x.json", { allowSealed: false })), ["1:contact-address"]);
  assert.equal(kinds(findLeaks(oneLine, "libraries/x.json")), ["1:contact-address"]);
  const pretty = JSON.stringify({ links: [{ rel, href: "mailto:it@x.example" }] }, null, 2);
  assert.equal(kinds(findLeaks(pretty, "dist/x.json", { allowSealed: false })), ["4:contact-address"]);
  const yamlPlain = `links:\n  - rel: ${rel}\n    href: mailto:it@x.example\n`;
  assert.equal(kinds(findLeaks(yamlPlain, "libraries/x.yaml")), ["2:contact-address"]);
  const yamlSealed = `links:\n  - href: ${SEALED_CONTACT}\n    rel: ${rel}\n`;
  assert.equal(findLeaks(yamlSealed, "libraries/x.yaml"), []);
  assert.equal(kinds(findLeaks(yamlSealed, "dist/x.yaml", { allowSealed: false })), ["3:contact-address"], "never in dist/");
});

test("scanFiles walks directories, reads files with NUL bytes too, reports every file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leak-guard-"));
  try {
    mkdirSync(join(dir, "libraries"));
    mkdirSync(join(dir, "dist", "deep"), { recursive: true });
    mkdirSync(join(dir, "dist", ".git"));
    writeFileSync(join(dir, "libraries", "good.yaml"), `short_name: AAAAAA\nshared_secret: ${SEALED}\ncontact: ${SEALED_CONTACT}\n`);
    writeFileSync(join(dir, "libraries", "bad.yaml"), `short_name: BBBBBB\nshared_secret: ${SECRET}\n`);
    writeFileSync(join(dir, "dist", "deep", "entry.json"), `{"metadata": {"shared_secret": "${SEALED}"}}`);
    writeFileSync(join(dir, "dist", "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, ...Buffer.from(`shared_secret: ${SECRET}`)]));
    writeFileSync(join(dir, "dist", ".git", "config"), `shared_secret: ${SECRET}`);
    const libs = await scanFiles([join(dir, "libraries")]);
    assert.equal(libs.map((l) => [l.where.slice(dir.length + 1), l.line, l.kind]), [["libraries/bad.yaml", 2, "plaintext-secret"]]);
    const dist = await scanFiles([join(dir, "dist")], { allowSealed: false });
    // A NUL byte does not make a file unreadable to the guard: the secret hidden in the "PNG" is found.
    assert.equal(dist.map((l) => [l.where.slice(dir.length + 1), l.line, l.kind]), [
      ["dist/deep/entry.json", 1, "plaintext-secret"],
      ["dist/logo.png", 1, "plaintext-secret"],
    ]);
    assert.equal(await scanFiles([join(dir, "libraries", "good.yaml")]), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a scan cache: an unchanged file is not read again, a changed or new one is, and the verdicts survive a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leak-cache-"));
  const cacheFile = join(dir, ".cache", "leak-scan.json");
  const libs = join(dir, "libraries");
  mkdirSync(libs);
  writeFileSync(join(libs, "a.yaml"), "id: a\n");
  writeFileSync(join(libs, "b.yaml"), "shared_secret: 0123456789abcdef0123456789abcdef0123456789abcdef\n");
  const first = new LeakScanCache(cacheFile);
  assert.is((await scanFiles([libs], {}, first)).length, 1);
  first.save();
  // A fresh process uses the saved verdicts: one planted in the saved file for a.yaml (its stamp
  // unchanged) comes back, so the file was not read again.
  const { readFileSync } = await import("node:fs");
  const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
  const key = Object.keys(saved.files).find((k) => k.endsWith("a.yaml"))!;
  saved.files[key].leaks = [{ where: key, line: 1, kind: "private-key", message: "planted" }];
  writeFileSync(cacheFile, JSON.stringify(saved));
  const again = new LeakScanCache(cacheFile);
  assert.equal((await scanFiles([libs], {}, again)).map((l) => l.message).filter((m) => m === "planted"), ["planted"]);
  // A change is seen at once, whatever the cache says.
  writeFileSync(join(libs, "a.yaml"), "-----BEGIN PRIVATE KEY-----\n");
  writeFileSync(join(libs, "c.yaml"), "id: c\n");
  const leaks = await scanFiles([libs], {}, again);
  assert.equal(leaks.map((l) => l.kind).sort(), ["plaintext-secret", "private-key"]);
  // a file deleted since is forgotten when the cache is saved: the cache does not grow forever
  rmSync(join(libs, "b.yaml"));
  const third = new LeakScanCache(cacheFile);
  again.save();
  await scanFiles([libs], {}, third);
  third.save();
  const kept = Object.keys(JSON.parse(readFileSync(cacheFile, "utf8")).files).map((k) => k.split("/").pop()).sort();
  assert.equal(kept, ["a.yaml", "c.yaml"]);
  rmSync(dir, { recursive: true, force: true });
});

test("a PNG of image chunks only is not read as text; one with a text chunk, bytes after its end, or a key renamed .png is", async () => {
  const sharp = (await import("sharp")).default;
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123456" } }).png().toBuffer();
  assert.ok(isImageOnlyPng(png));
  assert.equal(findLeaksInBytes(png, "logo.png"), []);
  const key = Buffer.from("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
  // a tEXt chunk holding the key, before IEND
  const chunk = (type: string, data: Buffer) => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, "latin1");
    data.copy(b, 8);
    return b; // CRC left zero: the guard reads text, it does not validate images
  };
  const iend = png.length - 12;
  const withText = Buffer.concat([png.subarray(0, iend), chunk("tEXt", Buffer.concat([Buffer.from("Comment\0"), key])), png.subarray(iend)]);
  assert.not.ok(isImageOnlyPng(withText));
  assert.is(findLeaksInBytes(withText, "logo.png")[0]?.kind, "private-key");
  const trailing = Buffer.concat([png, key]);
  assert.not.ok(isImageOnlyPng(trailing));
  assert.is(findLeaksInBytes(trailing, "logo.png")[0]?.kind, "private-key");
  assert.is(findLeaksInBytes(key, "logo.png")[0]?.kind, "private-key");
});

test("a 48-hex secret inside free text is flagged; a path segment or a longer hash is not", () => {
  assert.equal(kinds(findLeaks(`note: our secret is ${SECRET}, keep it safe\n`, "libraries/x.yaml")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`<p>Use ${SECRET}.</p>`, "dist/index.html")), ["1:plaintext-secret"]);
  assert.equal(kinds(findLeaks(`{"description": "token (${SECRET})"}`, "dist/x.json")), ["1:plaintext-secret"]);
  assert.equal(findLeaks(`logo: https://cdn.example/logos/${SECRET}.png\nsha: ${"c".repeat(64)}\nid: lib-${SECRET}\n`, "f.yaml"), []);
});

test("files with NUL bytes are scanned: a UTF-16 private key, a key next to a NUL byte", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leak-nul-"));
  try {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`name: x\n${PRIVATE_PEM}`, "utf16le")]);
    const utf16be = Buffer.from(`${PRIVATE_PEM}`, "utf16le").swap16();
    const nul = Buffer.concat([Buffer.from("name: x\n\0"), Buffer.from(PRIVATE_PEM)]);
    const secretUtf16 = Buffer.from(`shared_secret: ${SECRET}\n`, "utf16le");
    writeFileSync(join(dir, "le.yaml"), utf16le);
    writeFileSync(join(dir, "be.txt"), utf16be);
    writeFileSync(join(dir, "nul.yaml"), nul);
    writeFileSync(join(dir, "secret.yaml"), secretUtf16);
    const leaks = await scanFiles([dir]);
    const by = (name: string) => leaks.filter((l) => l.where.endsWith(name)).map((l) => l.kind);
    assert.ok(by("le.yaml").includes("private-key"), JSON.stringify(leaks));
    assert.ok(by("be.txt").includes("private-key"), JSON.stringify(leaks));
    assert.ok(by("nul.yaml").includes("private-key"), JSON.stringify(leaks));
    assert.ok(by("secret.yaml").includes("plaintext-secret"), JSON.stringify(leaks));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a long run of spaces in a YAML value is read (the pair pattern no longer backtracks)", () => {
  const text = `service_description: ${" ".repeat(40_000)}x\ncontact: mailto:it@lib.example\n`;
  assert.equal(kinds(findLeaks(text, "libraries/x.yaml")), ["2:contact-address"]);
});

test.run();

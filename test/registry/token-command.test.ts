import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../scripts/commands/token.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { seal } from "../../src/registry/sealed.ts";
import { decodeExpiry, verifyShortClientToken } from "../../src/registry/short-client-token.ts";

const SECRET = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
const VECTOR = "UDAXIH|99999999|patron-uuid-1234|MuJkk:uwi7dgTi:RAk3u;YNgp;QeexwxNAxs5O2PLgg@";
const NOW = new Date("2026-05-01T12:00:00Z");
const keys = generateRegistryKeyPair(2048);
const dir = mkdtempSync(join(tmpdir(), "token-command-"));
const libraries = join(dir, "libraries");
const saved = { key: process.env.REGISTRY_PRIVATE_KEY, file: process.env.REGISTRY_PRIVATE_KEY_FILE };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test.before(() => {
  mkdirSync(libraries);
  writeFileSync(join(libraries, "springfield.yaml"), `title: Springfield\nshort_name: UDAXIH\nshared_secret: ${seal(SECRET, keys.publicKeyPem)}\n`);
  writeFileSync(join(libraries, "shelbyville.yaml"), `title: Shelbyville\nshort_name: SHELBY\nshared_secret: plaintext-oops\n`);
  writeFileSync(join(libraries, "no-key.yaml"), "title: Ogdenville\n");
  delete process.env.REGISTRY_PRIVATE_KEY_FILE;
  process.env.REGISTRY_PRIVATE_KEY = keys.privateKeyPem.replace(/\n/g, "\\n");
});
test.after(() => {
  for (const [name, v] of [["REGISTRY_PRIVATE_KEY", saved.key], ["REGISTRY_PRIVATE_KEY_FILE", saved.file]] as const) {
    if (v === undefined) delete process.env[name];
    else process.env[name] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("sign with --secret reproduces the UDAXIH vector", async () => {
  const expires = decodeExpiry(99999999).toISOString();
  const c = capture();
  assert.is(await run(["sign", "--library", "UDAXIH", "--patron", "patron-uuid-1234", "--expires", expires, "--secret", SECRET], c.io, NOW), 0, c.err.join("\n"));
  assert.equal(c.out, [VECTOR]);
});

test("sign reads the sealed secret from libraries/ with the registry private key; default expiry +60", async () => {
  const c = capture();
  assert.is(await run(["sign", "--library", "udaxih", "--patron", "p-1", "--libraries", libraries], c.io, NOW), 0, c.err.join("\n"));
  const [token] = c.out;
  assert.match(token, /^udaxih\|\d+\|p-1\|[A-Za-z0-9:;]+@?$/);
  const r = verifyShortClientToken(token, (n) => (n === "UDAXIH" ? SECRET : undefined), NOW);
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.expires, new Date(NOW.getTime() + 60 * 60_000));
});

test("verify: a valid token prints the library, patron and expiry", async () => {
  const c = capture();
  assert.is(await run(["verify", VECTOR, "--libraries", libraries], c.io, NOW), 0, c.err.join("\n"));
  assert.match(c.out.join("\n"), /valid: library UDAXIH, patron patron-uuid-1234, expires 2207-/);
  const s = capture();
  assert.is(await run(["verify", VECTOR, "--secret", SECRET], s.io, NOW), 0);
});

test("verify: invalid tokens print the reason and exit 1", async () => {
  const cases: [string, RegExp][] = [
    [VECTOR.replace("patron-uuid-1234", "patron-uuid-9999"), /Invalid signature for UDAXIH\|99999999\|patron-uuid-9999\./],
    ["NOPE|1|p|YQ@@", /I don't know how to handle tokens from library "NOPE"/],
    ["no pipes", /does not contain a pipe/],
  ];
  for (const [token, reason] of cases) {
    const c = capture();
    assert.is(await run(["verify", token, "--libraries", libraries], c.io, NOW), 1, token);
    assert.match(c.err.join("\n"), reason);
  }
  const expired = capture();
  assert.is(await run(["verify", "X|1234|p|YQ@@", "--secret", "k"], expired.io, NOW), 1);
  assert.match(expired.err.join("\n"), /expired at 2017-01-01 20:34:00 \(now is 2026-05-01 12:00:00\)/);
});

test("a plaintext secret is used with a warning; a library without a secret is an error", async () => {
  const c = capture();
  assert.is(await run(["sign", "--library", "SHELBY", "--patron", "p", "--libraries", libraries], c.io, NOW), 0);
  assert.match(c.err.join("\n"), /shelbyville\.yaml: shared_secret is not sealed/);
  const missing = capture();
  assert.is(await run(["sign", "--library", "OGDEN", "--patron", "p", "--libraries", libraries], missing.io, NOW), 1);
  assert.match(missing.err.join("\n"), /no library with short name OGDEN/);
});

test("without the registry private key, a sealed secret cannot be read", async () => {
  const key = process.env.REGISTRY_PRIVATE_KEY;
  delete process.env.REGISTRY_PRIVATE_KEY;
  try {
    const c = capture();
    assert.is(await run(["verify", VECTOR, "--libraries", libraries], c.io, NOW), 1);
    assert.match(c.err.join("\n"), /set REGISTRY_PRIVATE_KEY .* or REGISTRY_PRIVATE_KEY_FILE/);
    process.env.REGISTRY_PRIVATE_KEY = generateRegistryKeyPair(2048).privateKeyPem;
    const wrong = capture();
    assert.is(await run(["verify", VECTOR, "--libraries", libraries], wrong.io, NOW), 1);
    assert.match(wrong.err.join("\n"), /springfield\.yaml: cannot unseal: this value was sealed for a different registry key/);
  } finally {
    process.env.REGISTRY_PRIVATE_KEY = key;
  }
});

test("usage errors exit 2", async () => {
  const cases: [string[], RegExp][] = [
    [[], /say sign or verify/],
    [["mint"], /unknown action 'mint'/],
    [["sign", "--patron", "p", "--secret", "k"], /sign needs --library/],
    [["sign", "--library", "L", "--secret", "k"], /sign needs --patron/],
    [["sign", "--library", "L", "--patron", "p", "--secret", "k", "--expires", "tomorrow"], /--expires takes \+MINUTES or an ISO-8601 time/],
    [["sign", "--library", "L", "--patron", "p", "--secret", "k", "--expires", "2026-05-01T12:00:00"], /with a zone/],
    [["verify"], /exactly one TOKEN/],
    [["verify", "a|b|c|d", "--secret", "k", "--libraries", libraries], /not both/],
    [["verify", "a|b|c|d", "--secret", "k", "--patron", "p"], /--patron is for sign/],
    [["verify", "a|b|c|d", "--bogus"], /bogus/],
  ];
  for (const [argv, message] of cases) {
    const c = capture();
    assert.is(await run(argv, c.io, NOW), 2, argv.join(" "));
    assert.match(c.err.join("\n"), message, argv.join(" "));
  }
});

test.run();

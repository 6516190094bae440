import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../scripts/commands/keys.ts";
import { keysMatch } from "../../src/registry/registry-keys.ts";

const root = realpathSync(mkdtempSync(join(tmpdir(), "keys-command-")));
const repo = join(root, "repo");
const outside = join(root, "outside");
const home = process.cwd();

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test.before(() => {
  mkdirSync(repo);
  execFileSync("git", ["init", "-q", repo]);
  mkdirSync(join(repo, "config"));
  writeFileSync(join(repo, "registry.config.yaml"), "title: Test registry\nkeys:\n  public_key: config/registry-public-key.pem\n");
  mkdirSync(outside);
  process.chdir(repo);
});
test.after(() => {
  process.chdir(home);
  rmSync(root, { recursive: true, force: true });
});

test("--private-out is required", async () => {
  const c = capture();
  assert.is(await run(["--bits", "2048"], c.io), 2);
  assert.match(c.err.join("\n"), /--private-out PATH is required/);
});

test("refuses a private key path inside the repository, writing nothing", async () => {
  for (const p of ["registry-private.pem", join(repo, "config", "private.pem"), "new-dir/private.pem", join(outside, "..", "repo", "x.pem")]) {
    const c = capture();
    assert.is(await run(["--private-out", p, "--bits", "2048"], c.io), 1, p);
    assert.match(c.err.join("\n"), /refusing to write the private key inside the git repository/);
  }
  assert.not.ok(existsSync(join(repo, "config", "registry-public-key.pem")));
  assert.not.ok(existsSync(join(repo, "registry-private.pem")));
  assert.not.ok(existsSync(join(repo, "new-dir")));
});

test("refuses a path inside the project folder also when the folder is not a git repository", async () => {
  const plain = join(root, "plain-copy");
  mkdirSync(join(plain, "config"), { recursive: true });
  writeFileSync(join(plain, "registry.config.yaml"), "title: Test registry\n");
  writeFileSync(join(plain, "package.json"), "{}\n");
  process.chdir(plain);
  try {
    const c = capture();
    assert.is(await run(["--private-out", join(plain, "config", "private.pem"), "--bits", "2048"], c.io), 1);
    assert.match(c.err.join("\n"), /refusing to write the private key inside the project folder/);
    assert.not.ok(existsSync(join(plain, "config", "private.pem")));
  } finally {
    process.chdir(repo);
  }
});

test("refuses a path that reaches into the repository through a symlink", async () => {
  symlinkSync(join(repo, "config"), join(outside, "sneaky"));
  const c = capture();
  assert.is(await run(["--private-out", join(outside, "sneaky", "private.pem"), "--bits", "2048"], c.io), 1);
  assert.not.ok(existsSync(join(repo, "config", "private.pem")));
});

test("writes the public key where the config points and the private key outside, mode 0600", async () => {
  const privatePath = join(outside, "secrets", "registry-private-key.pem");
  const c = capture();
  assert.is(await run(["--private-out", privatePath, "--bits", "2048"], c.io), 0, c.err.join("\n"));
  const publicPath = join(repo, "config", "registry-public-key.pem");
  const publicPem = readFileSync(publicPath, "utf8");
  const privatePem = readFileSync(privatePath, "utf8");
  assert.match(publicPem, /^-----BEGIN PUBLIC KEY-----/);
  assert.match(privatePem, /^-----BEGIN PRIVATE KEY-----/);
  assert.ok(keysMatch(publicPem, privatePem));
  assert.is(statSync(privatePath).mode & 0o777, 0o600);
  const printed = c.out.join("\n");
  assert.match(printed, /gh secret set REGISTRY_PRIVATE_KEY < .*registry-private-key\.pem/);
  assert.match(printed, /REGISTRY_PRIVATE_KEY_FILE=/);
  assert.match(printed, /config\/registry-public-key\.pem/);
  assert.not.ok(printed.includes(privatePem.split("\n")[1]), "the private key itself is never printed");
});

test("refuses to overwrite without --force; --force replaces both", async () => {
  const privatePath = join(outside, "secrets", "registry-private-key.pem");
  const publicPath = join(repo, "config", "registry-public-key.pem");
  const before = readFileSync(publicPath, "utf8");
  const c = capture();
  assert.is(await run(["--private-out", privatePath, "--bits", "2048"], c.io), 1);
  assert.match(c.err.join("\n"), /already exists; pass --force/);
  const other = join(outside, "other-private.pem");
  assert.is(await run(["--private-out", other, "--bits", "2048"], capture().io), 1, "the public key exists too");
  assert.not.ok(existsSync(other));
  assert.is(readFileSync(publicPath, "utf8"), before);

  const f = capture();
  assert.is(await run(["--private-out", privatePath, "--bits", "2048", "--force"], f.io), 0);
  const after = readFileSync(publicPath, "utf8");
  assert.is.not(after, before);
  assert.ok(keysMatch(after, readFileSync(privatePath, "utf8")));
  assert.is(statSync(privatePath).mode & 0o777, 0o600);
  assert.match(f.out.join("\n"), /re-sealed/);
});

test("--public-out, --config, defaults and bad options", async () => {
  const c = capture();
  assert.is(await run(["--private-out", join(outside, "p2.pem"), "--public-out", join(repo, "elsewhere.pem"), "--bits", "2048"], c.io), 0);
  assert.ok(existsSync(join(repo, "elsewhere.pem")));

  // No config file: the default name in the current directory.
  const bare = join(root, "bare");
  mkdirSync(bare);
  execFileSync("git", ["init", "-q", bare]);
  process.chdir(bare);
  try {
    assert.is(await run(["--private-out", join(outside, "p3.pem"), "--bits", "2048"], capture().io), 0);
    assert.ok(existsSync(join(bare, "registry-public-key.pem")));
    const missing = capture();
    assert.is(await run(["--private-out", join(outside, "p4.pem"), "--config", "nope.yaml"], missing.io), 1);
    assert.match(missing.err.join("\n"), /nope\.yaml does not exist/);
  } finally {
    process.chdir(repo);
  }
  const bad = capture();
  assert.is(await run(["--private-out", join(outside, "p5.pem"), "--bits", "512"], bad.io), 2);
  assert.match(bad.err.join("\n"), /--bits takes a whole number from 2048/);
  assert.is(await run(["--private-out", join(outside, "p5.pem"), "--colour"], capture().io), 2);
});

test.run();

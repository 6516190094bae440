// Every crash recovers by itself: a lock left by a process that died is taken over at once, a
// lock held by a live process too long gets 503 registry-busy (never 500), and temporary files
// of a writer that died are removed by the next registration.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { specificType } from "../../src/opds/problem.ts";
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
  const dir = mkdtempSync(join(tmpdir(), "lock-"));
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"] } }, dir, null);
  mkdirSync(cfg.libraries_dir, { recursive: true });
  return cfg;
}

function library(name: string): string {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({ id: auth, title: name, authentication: [{ type: "http://opds-spec.org/auth/basic" }], links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: "mailto:h@x.example" }] }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

function child(code: string) {
  return spawn(process.execPath, ["-e", code], { stdio: "ignore" });
}

test("a lock left by a process that died is taken over at once", async () => {
  const cfg = workspace();
  const dead = child("");
  await new Promise((r) => dead.on("exit", r));
  writeFileSync(join(cfg.libraries_dir, ".registry.lock"), `${dead.pid} ${hostname()}\n`);
  const r = await registerLibrary({ url: library("after-crash") }, { ...registrationContext(cfg, { env: {} }), lockWaitMs: 200 });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  assert.not.ok(existsSync(join(cfg.libraries_dir, ".registry.lock")), "the lock is released afterwards");
});

test("a lock held by a live process too long answers 503 registry-busy, and writes nothing", async () => {
  const cfg = workspace();
  const holder = child("setTimeout(() => {}, 60000)");
  try {
    writeFileSync(join(cfg.libraries_dir, ".registry.lock"), `${holder.pid} ${hostname()}\n`);
    const r = await registerLibrary({ url: library("busy") }, { ...registrationContext(cfg, { env: {} }), lockWaitMs: 200 });
    assert.ok(!r.ok, "registered while another process held the lock");
    if (r.ok) return;
    assert.is(r.problem.status, 503);
    assert.is(specificType(r.problem), "tag:opds-registry.org,2026:problem/registry-busy");
    assert.equal(readdirSync(cfg.libraries_dir).filter((n) => n.endsWith(".yaml")), []);
  } finally {
    holder.kill();
  }
});

test("an empty lock (its holder between creating it and writing its pid) is not taken; an old empty one is", async () => {
  const { FolderLock } = await import("../../src/registry/entry-store.ts");
  const dir = mkdtempSync(join(tmpdir(), "lock-empty-"));
  const lockFile = join(dir, ".registry.lock");
  writeFileSync(lockFile, "");
  const fresh = new FolderLock(dir, { staleMs: 60_000 });
  let ran = false;
  await fresh.run(() => (ran = true), { waitMs: 150 }).catch(() => undefined);
  assert.not.ok(ran, "a lock just being created was stolen");
  assert.ok(existsSync(lockFile));
  const old = new Date(Date.now() - 120_000);
  utimesSync(lockFile, old, old);
  await fresh.run(() => (ran = true), { waitMs: 150 });
  assert.ok(ran, "an empty lock older than staleMs is taken over");
});

test("temporary files a dead writer left behind are removed by the next registration", async () => {
  const cfg = workspace();
  const stale = join(cfg.libraries_dir, ".0123456789ab.tmp");
  const fresh = join(cfg.libraries_dir, ".ba9876543210.tmp");
  writeFileSync(stale, "half a file");
  writeFileSync(fresh, "a write in flight");
  const old = (Date.now() - 10 * 60_000) / 1000;
  utimesSync(stale, old, old);
  const r = await registerLibrary({ url: library("tidy") }, registrationContext(cfg, { env: {} }));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  assert.not.ok(existsSync(stale), "the leftover is gone");
  assert.ok(existsSync(fresh), "a write still in flight (under a minute old) is left alone");
});

test.run();

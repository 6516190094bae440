// A crash at any point of the dist/ swap leaves a dist/ that can be served: the next build or
// serve puts back the copy a build moved aside, and removes what a dead build left behind.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recoverDist } from "../../src/build/dist-recovery.ts";

async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((r) => p.on("exit", r));
  return p.pid!;
}

test("a crash between the two renames: dist/ is restored from the copy moved aside", async () => {
  const root = mkdtempSync(join(tmpdir(), "dist-recovery-"));
  const pid = await deadPid();
  mkdirSync(join(root, `dist.old-${pid}`));
  writeFileSync(join(root, `dist.old-${pid}`, "root.json"), "{}");
  mkdirSync(join(root, `.dist.building-${pid}`));
  const done = recoverDist(join(root, "dist"));
  assert.is(readFileSync(join(root, "dist", "root.json"), "utf8"), "{}");
  assert.not.ok(existsSync(join(root, `.dist.building-${pid}`)), "the dead build's staging folder is removed");
  assert.ok(done.some((d) => d.startsWith("restored")), done.join("; "));
});

test("a crash after the swap: the old copy is removed and dist/ is left as it is", async () => {
  const root = mkdtempSync(join(tmpdir(), "dist-recovery-"));
  const pid = await deadPid();
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", "root.json"), "new");
  mkdirSync(join(root, `dist.old-${pid}`));
  recoverDist(join(root, "dist"));
  assert.is(readFileSync(join(root, "dist", "root.json"), "utf8"), "new");
  assert.not.ok(existsSync(join(root, `dist.old-${pid}`)));
});

test("a build still running is left alone", () => {
  const root = mkdtempSync(join(tmpdir(), "dist-recovery-"));
  mkdirSync(join(root, `.dist.building-${process.pid}`));
  recoverDist(join(root, "dist"));
  assert.ok(existsSync(join(root, `.dist.building-${process.pid}`)));
});

const eventually = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  return cond();
};

test("a replaced dist/ whose background deleter did not finish is removed (in the background), and never restored", async () => {
  const root = mkdtempSync(join(tmpdir(), "dist-recovery-"));
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", "root.json"), "new");
  mkdirSync(join(root, ".dist.trash-123-456"));
  writeFileSync(join(root, ".dist.trash-123-456", "root.json"), "old");
  recoverDist(join(root, "dist"));
  assert.ok(await eventually(() => !existsSync(join(root, ".dist.trash-123-456"))));
  assert.is(readFileSync(join(root, "dist", "root.json"), "utf8"), "new");
  // With dist/ missing, a trash folder is not a copy to restore (it may be half deleted).
  rmSync(join(root, "dist"), { recursive: true });
  mkdirSync(join(root, ".dist.trash-1-2"));
  writeFileSync(join(root, ".dist.trash-1-2", "root.json"), "old");
  recoverDist(join(root, "dist"));
  assert.not.ok(existsSync(join(root, "dist")));
  assert.ok(await eventually(() => !existsSync(join(root, ".dist.trash-1-2"))));
});

test("a build replaces dist/ and the previous one is gone soon after, deleted in the background", async () => {
  const { buildDirectory } = await import("../../src/build/build.ts");
  const { withDefaults } = await import("../../src/registry/config.ts");
  const root = mkdtempSync(join(tmpdir(), "dist-swap-"));
  mkdirSync(join(root, "libraries"));
  const config = withDefaults({ title: "T", base_url: "https://r.example" }, root, null);
  const out = join(root, "dist");
  for (let i = 0; i < 2; i++) {
    const r = await buildDirectory({ config, librariesDir: join(root, "libraries"), outDir: out, offline: true });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  }
  assert.ok(existsSync(join(out, "root.json")));
  const leftovers = () => readdirSync(root).filter((n) => n.includes("trash") || n.includes(".old-") || n.includes("building"));
  for (let i = 0; i < 100 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(leftovers(), [], "the replaced output is deleted");
});

test.run();

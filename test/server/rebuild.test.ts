import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { withDefaults } from "../../src/registry/config.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { createRegistryServer } from "../../src/server/server.ts";
import { rebuilder } from "../../src/server/rebuilder.ts";
import { startSampleLibraries } from "../../src/demo/sample-libraries.ts";

test("with --rebuild, registered libraries appear in the served feeds; close registrations make one rebuild", async () => {
  const libs = await startSampleLibraries([
    { slug: "one", title: "Rebuild One", flavor: "opds1" },
    { slug: "two", title: "Rebuild Two", flavor: "opds2" },
  ]);
  const work = mkdtempSync(join(tmpdir(), "rebuild-"));
  mkdirSync(join(work, "libraries"));
  const config = withDefaults({ title: "R", base_url: "http://127.0.0.1", fetch: { allow_hosts: ["127.0.0.1"] } }, work, null);
  assert.ok((await buildDirectory({ config, offline: true })).ok);
  const log: string[] = [];
  const rb = rebuilder({ config, librariesDir: config.libraries_dir, outDir: config.out_dir, delayMs: 60_000, log: (l) => log.push(l) });
  const server = createRegistryServer({ outDir: config.out_dir, registration: registrationContext(config, { env: {} }), onRegistered: () => rb.request() });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const qaTitles = async () => ((await (await fetch(`${base}/libraries/qa`)).json()) as { catalogs: { metadata: { title: string } }[] }).catalogs.map((c) => c.metadata.title);
    assert.equal(await qaTitles(), []);
    for (const slug of ["one", "two"]) {
      const r = await fetch(`${base}/register`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ url: libs.registrationUrl(slug) }) });
      assert.is(r.status, 201);
    }
    // Both registrations fall within the (long) delay: one rebuild, run now.
    await rb.flush();
    assert.equal(await qaTitles(), ["Rebuild One", "Rebuild Two"]);
    assert.is(log.filter((l) => l.startsWith("rebuilt")).length, 1, log.join("\n"));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    await libs.close();
  }
});

test("a requested rebuild runs by itself after the delay", async () => {
  const work = mkdtempSync(join(tmpdir(), "rebuild-"));
  mkdirSync(join(work, "libraries"));
  const config = withDefaults({ title: "R", base_url: "http://127.0.0.1" }, work, null);
  const log: string[] = [];
  const rb = rebuilder({ config, librariesDir: config.libraries_dir, outDir: config.out_dir, delayMs: 20, log: (l) => log.push(l) });
  rb.request();
  for (let i = 0; i < 500 && !log.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(log[0] ?? "", /^rebuilt /);
  await rb.flush();
});

test.run();

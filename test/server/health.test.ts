// /heartbeat (NYPL) and /version.json (Palace) as the reference registries serve them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRegistryServer } from "../../src/server/server.ts";
import { versionInfo } from "../../src/server/health.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

test("versionInfo: the package version, and the commit from REGISTRY_COMMIT when set", () => {
  const v = versionInfo({ REGISTRY_COMMIT: "0123abc", REGISTRY_BRANCH: "main" });
  assert.equal(v, { version: pkg.version, commit: "0123abc", branch: "main" });
});

test("/heartbeat is application/vnd.health+json with status pass; /version.json the version and commit", async () => {
  const server = createRegistryServer({ outDir: mkdtempSync(join(tmpdir(), "health-")), version: { version: pkg.version, commit: "0123abc", branch: "main" } });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const hb = await fetch(`${base}/heartbeat`);
    assert.is(hb.status, 200);
    assert.is(hb.headers.get("content-type"), "application/vnd.health+json");
    assert.equal(await hb.json(), { status: "pass", version: pkg.version, releaseID: "0123abc" });
    const v = await fetch(`${base}/version.json`);
    assert.is(v.status, 200);
    assert.match(v.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(await v.json(), { version: pkg.version, commit: "0123abc", branch: "main" });
    assert.is((await fetch(`${base}/heartbeat`, { method: "HEAD" })).status, 200);
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
});

test.run();

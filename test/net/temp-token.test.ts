// Temporary file names: twelve hex digits, never the same twice in a process, and an entry's
// temporary file named as the leftover sweep (removeLeftoverTemps) recognises it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { tempToken } from "../../src/net/temp-token.ts";
import { entryTempPath, removeLeftoverTemps } from "../../src/registry/entry-store.ts";

test("tokens are twelve hex digits and all different", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) {
    const t = tempToken();
    assert.ok(/^[0-9a-f]{12}$/.test(t), t);
    seen.add(t);
  }
  assert.is(seen.size, 100_000);
});

test("an entry's temporary file is one the leftover sweep removes once it is old", () => {
  const dir = mkdtempSync(join(tmpdir(), "temp-token-"));
  const temp = entryTempPath(join(dir, "springfield.yaml"));
  assert.match(basename(temp), /^\.[0-9a-f]{12}\.tmp$/);
  writeFileSync(temp, "half an entry");
  const old = new Date(Date.now() - 120_000);
  utimesSync(temp, old, old);
  removeLeftoverTemps(dir);
  assert.equal(readdirSync(dir), []);
});

test.run();

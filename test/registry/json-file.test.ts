// The build's large caches are written in pieces: the text must be JSON.stringify's for the same
// data, whatever the size (pieces cross the 64 KB boundary) or the members.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { arrayMembers, objectMembers, writeJsonFile } from "../../src/registry/json-file.ts";

const dir = () => mkdtempSync(join(tmpdir(), "json-file-"));

test("an object of many members, in pieces, is JSON.stringify's text for it", () => {
  const d = dir();
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const size of [0, 1, 7, 3000, 20000]) {
    const map = new Map<string, unknown>();
    for (let i = 0; i < size; i++) {
      const v = random();
      map.set(`libraries/lib-${i}-é📚"\\.yaml`, v < 0.3 ? [null, 1200, 42, 1764000000000] : v < 0.6 ? { title: `T${i}\n\u2028`, n: i } : v < 0.7 ? undefined : `${"x".repeat(Math.floor(v * 300))}`);
    }
    const path = join(d, `o${size}.json`);
    writeFileSync(path, "old");
    writeJsonFile(path, { version: "v1", n: 2 }, "files", "object", objectMembers(map));
    assert.is(readFileSync(path, "utf8"), JSON.stringify({ version: "v1", n: 2, files: Object.fromEntries(map) }), `${size} members`);
  }
  // no temporary file left beside them
  assert.equal(readdirSync(d).filter((f) => f.endsWith(".tmp")), []);
});

test("an array, and a head with no key of its own", () => {
  const d = dir();
  const items = Array.from({ length: 5000 }, (_, i) => [`["US",["${i}"]]`, i % 3 ? { resolved: [i, "Pine Bluff, AR"] } : undefined]);
  const path = join(d, "a.json");
  writeJsonFile(path, {}, "areas", "array", arrayMembers(items));
  assert.is(readFileSync(path, "utf8"), JSON.stringify({ areas: items }));
  writeJsonFile(path, { version: 3 }, "areas", "array", arrayMembers([]));
  assert.is(readFileSync(path, "utf8"), JSON.stringify({ version: 3, areas: [] }));
});

test("a member that fails midway leaves the old file and no temporary one", () => {
  const d = dir();
  const path = join(d, "kept.json");
  writeFileSync(path, '{"old":true}');
  function* failing(): Generator<string> {
    yield '"a":1';
    yield `"b":"${"y".repeat(70_000)}"`;
    throw new Error("the walk failed");
  }
  assert.throws(() => writeJsonFile(path, { v: 1 }, "files", "object", failing()), /the walk failed/);
  assert.is(readFileSync(path, "utf8"), '{"old":true}');
  assert.equal(readdirSync(d), ["kept.json"]);
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { loadEntries } from "../../src/registry/entries.ts";
import { formatSourceError } from "../../src/registry/yaml-source.ts";

const good = (n: number, extra = "") =>
  `id: urn:uuid:00000000-0000-4000-8000-00000000000${n}\nurl: https://lib${n}.example/auth\nlibrary_stage: testing\nregistry_stage: testing\n${extra}`;

function dirWith(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "entries-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const messages = (dir: string, files?: string[]) => loadEntries(dir, { files, cwd: dir }).errors.map(formatSourceError);

test("valid entries load with their slugs", () => {
  const dir = dirWith({ "one.yaml": good(1), "two.yaml": good(2, "short_name: ABCDEF\n") });
  const { entries, errors } = loadEntries(dir);
  assert.equal(errors, []);
  assert.equal(entries.map((e) => e.slug), ["one", "two"]);
  assert.is(entries[1].entry.short_name, "ABCDEF");
});

test("an unknown key is named with its line and column and the allowed keys", () => {
  const dir = dirWith({ "a.yaml": good(1, "colour: red\n") });
  const [m] = messages(dir);
  assert.match(m, /^a\.yaml:5:1 unknown key 'colour'/);
  assert.match(m, /allowed: id, url/);
});

test("a wrong stage names the allowed values at the value's position", () => {
  const dir = dirWith({ "a.yaml": good(1).replace("registry_stage: testing", "registry_stage: live") });
  assert.equal(messages(dir), ["a.yaml:4:17 registry_stage must be one of testing, production, cancelled"]);
});

test("wrong types and missing keys say how to fix them", () => {
  const dir = dirWith({ "a.yaml": "id: urn:uuid:00000000-0000-4000-8000-000000000001\nurl: 42\nlibrary_stage: testing\n" });
  const all = messages(dir).join("\n");
  assert.match(all, /a\.yaml:1:1 missing required key 'registry_stage': add `registry_stage: testing`/);
  assert.match(all, /a\.yaml:2:6 url must be a string/);
});

test("a YAML syntax error is reported and the other files are still checked", () => {
  const dir = dirWith({ "a.yaml": "id: [unclosed\n", "b.yaml": good(2, "bogus: 1\n") });
  const all = messages(dir);
  assert.is(all.length, 2);
  assert.match(all[0], /^a\.yaml:2:1 YAML syntax/); // where the parser met the end of input
  assert.match(all[1], /^b\.yaml:5:1 unknown key 'bogus'/);
});

test("duplicate id, url and short_name across files point at both places", () => {
  const dir = dirWith({
    "a.yaml": good(1, "short_name: ABCDEF\n"),
    "b.yaml": good(1, "short_name: ABCDEF\n"),
  });
  const all = messages(dir);
  assert.is(all.length, 3);
  assert.match(all[0], /^b\.yaml:1:5 duplicate id urn:uuid:.*already used by a\.yaml:1:5/);
  assert.match(all[1], /^b\.yaml:2:6 duplicate url https:\/\/lib1\.example\/auth: already used by a\.yaml:2:6/);
  assert.match(all[2], /^b\.yaml:5:13 duplicate short_name ABCDEF/);
});

test("checking one file still counts the others for duplicates", () => {
  const dir = dirWith({ "a.yaml": good(1), "b.yaml": good(1).replace("lib1", "libx") });
  const all = messages(dir, ["b.yaml"]);
  assert.is(all.length, 1);
  assert.match(all[0], /^b\.yaml:1:5 duplicate id/);
});

test("plaintext secrets and contacts are refused by the schema", () => {
  const dir = dirWith({ "a.yaml": good(1, "shared_secret: c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84\ncontact: mailto:it@lib.example\n") });
  const all = messages(dir).join("\n");
  assert.match(all, /a\.yaml:5:16 shared_secret must be sealed/);
  assert.match(all, /a\.yaml:6:10 contact must be sealed/);
});

test("file names must be slugs", () => {
  const dir = dirWith({ "Bad Name.yaml": good(1) });
  assert.match(messages(dir)[0], /file name 'Bad Name\.yaml' must be a slug/);
});

test("a snapshot of another document is refused", () => {
  const snap = "snapshot:\n  validated: 2026-01-01T00:00:00Z\n  id: https://other.example/auth\n  title: T\n  start: {href: https://lib1.example/}\n  help: []\n  copyright_agent: []\n  anonymous_access: false\n  audiences: []\n";
  const dir = dirWith({ "a.yaml": good(1, snap) });
  assert.match(messages(dir)[0], /^a\.yaml:7:7 snapshot\.id .* differs from url/);
});

test("an edited file is read again (the cache keys on size and time)", () => {
  const dir = dirWith({ "a.yaml": good(1) });
  assert.equal(messages(dir), []);
  writeFileSync(join(dir, "a.yaml"), good(1, "oops: true\n"));
  assert.match(messages(dir)[0], /unknown key 'oops'/);
  assert.ok(readFileSync(join(dir, "a.yaml"), "utf8").includes("oops"));
});



test("a persisted parse cache is used only for files whose size and time still match", async () => {
  const { loadEntries: load } = await import("../../src/registry/entries.ts?persisted" as string);
  const dir = dirWith({ "p.yaml": good(7) });
  const cacheFile = join(dir, "cache", "entries.json");
  const first = load(dir, { cacheFile });
  assert.is(first.entries.length, 1);
  const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
  const path = Object.keys(saved.files)[0];
  assert.match(path, /p\.yaml$/);
  // A fresh process (a fresh module instance here) trusts the cache while the stamp matches…
  saved.files[path].result.loaded.entry.note = "from the cache";
  writeFileSync(cacheFile, JSON.stringify(saved));
  const { loadEntries: fresh } = await import("../../src/registry/entries.ts?second" as string);
  assert.is(fresh(dir, { cacheFile }).entries[0].entry.note, "from the cache");
  // …and parses again once the file changed.
  writeFileSync(join(dir, "p.yaml"), good(7, "note: edited\n"));
  const { loadEntries: third } = await import("../../src/registry/entries.ts?third" as string);
  assert.is(third(dir, { cacheFile }).entries[0].entry.note, "edited");
});
test("a persisted parse cache serves a process started from another folder, its files named from there", async () => {
  const { loadEntries: load } = await import("../../src/registry/entries.ts?cwd-a" as string);
  const dir = dirWith({ "q.yaml": good(8), "bad.yaml": good(9, "oops: true\n") });
  const cacheFile = join(dir, "cache", "entries.json");
  const fromDir = load(dir, { cacheFile, cwd: dir });
  assert.is(fromDir.entries[0].file, "q.yaml");
  assert.ok(fromDir.errors.some((e: { file: string }) => e.file === "bad.yaml"));
  // what the cache says stands for the file while its stamp matches: marked, to see it is used
  const saved = JSON.parse(readFileSync(cacheFile, "utf8"));
  const qPath = Object.keys(saved.files).find((p) => p.endsWith("q.yaml"))!;
  saved.files[qPath].result.loaded.entry.note = "from the cache";
  writeFileSync(cacheFile, JSON.stringify(saved));
  // a fresh process (a fresh module instance) whose working folder is the one above
  const parent = dirname(dir);
  const { loadEntries: elsewhere } = await import("../../src/registry/entries.ts?cwd-b" as string);
  const fromParent = elsewhere(dir, { cacheFile, cwd: parent });
  const q = fromParent.entries.find((e: { slug: string }) => e.slug === "q")!;
  assert.is(q.entry.note, "from the cache", "not parsed again");
  assert.is(q.file, join(basename(dir), "q.yaml"), "named from the new working folder");
  assert.ok(fromParent.errors.some((e: { file: string }) => e.file === join(basename(dir), "bad.yaml")), "errors too");
  // and back: named from the first folder again
  assert.is(elsewhere(dir, { cacheFile, cwd: dir }).entries.find((e: { slug: string }) => e.slug === "q")!.file, "q.yaml");
});

test.run();

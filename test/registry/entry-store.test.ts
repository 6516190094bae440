import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Mutex, renderEntry, writeEntry } from "../../src/registry/entry-store.ts";
import { readEntryFile, type LibraryEntry } from "../../src/registry/entries.ts";

const entry: LibraryEntry = {
  id: "urn:uuid:00000000-0000-4000-8000-000000000001",
  url: "https://lib.example/auth",
  library_stage: "production",
  registry_stage: "testing",
};

test("a new entry is written with a header and in key order, and reads back valid", () => {
  const dir = mkdtempSync(join(tmpdir(), "store-"));
  const path = join(dir, "lib.yaml");
  writeEntry(path, { ...entry, short_name: "ABCDEF" });
  const text = readFileSync(path, "utf8");
  assert.match(text, /^# One library in the directory/);
  assert.ok(text.indexOf("id:") < text.indexOf("url:") && text.indexOf("url:") < text.indexOf("short_name:"));
  const { loaded, errors } = readEntryFile(path);
  assert.equal(errors, []);
  assert.equal(loaded!.entry.short_name, "ABCDEF");
  assert.equal(readdirSync(dir), ["lib.yaml"], "no temp file is left behind");
});

test("updating keeps a maintainer's comments and removes dropped keys", () => {
  const previous = "# reviewed by Ana\nid: urn:uuid:00000000-0000-4000-8000-000000000001\nurl: https://lib.example/auth # moved in May\nlibrary_stage: testing\nregistry_stage: production\nnote: call first\n";
  const text = renderEntry({ ...entry, registry_stage: "production", library_stage: "production" }, previous);
  assert.match(text, /# reviewed by Ana/);
  assert.match(text, /# moved in May/);
  assert.match(text, /library_stage: production/);
  assert.not.match(text, /note:/);
});

test("given what the file was read as, the text is the same as when the file is parsed again, in every case", () => {
  const snapshot = {
    validated: "2026-12-01T05:54:05Z",
    title: "Library: the #1 place - for \"all\"",
    description: "Line one.\nLine two: with a colon # and a hash",
    audiences: ["public", "yes", "1200"],
    collection_size: 1200,
    anonymous_access: false,
    service_area: { US: ["Armstrong County, TX", "- not a list", "Île-de-France ☕"] },
  } as unknown as LibraryEntry["snapshot"];
  const stamped = { ...entry, created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z" };
  const next = { ...stamped, updated: "2026-12-01T05:54:05Z", snapshot };
  const bare = (e: LibraryEntry) => renderEntry(e).replace(/^(#.*\n)+/, "");
  const cases: [string, string, LibraryEntry, LibraryEntry][] = [
    ["written by the registry, header and all", renderEntry(stamped), stamped, next],
    ["without the header (a hand-made entry in the registry's own form)", bare(stamped), stamped, next],
    ["a snapshot replaced", renderEntry(next), next, { ...next, snapshot: { ...snapshot!, title: "Renamed" } as LibraryEntry["snapshot"] }],
    ["a key dropped", renderEntry({ ...next, note: "call first" }), { ...next, note: "call first" }, next],
    ["a key added before the old ones end (appended where the file is kept)", renderEntry(stamped), stamped, { ...next, short_name: "ABCDEF" }],
    ["a maintainer's comment", renderEntry(stamped).replace("registry_stage: testing", "registry_stage: testing # until the review"), stamped, next],
    ["the maintainer's key order", "url: https://lib.example/auth\n" + bare(stamped).replace(/^url: .*\n/m, ""), stamped, next],
    ["quoted by hand", bare(stamped).replace("library_stage: production", 'library_stage: "production"'), stamped, next],
    ["changed since it was read", renderEntry({ ...stamped, registry_stage: "production" }), stamped, next],
  ];
  for (const [what, previous, previousEntry, entryNow] of cases) {
    assert.is(renderEntry(entryNow, previous, previousEntry), renderEntry(entryNow, previous), what);
  }
  const commented = renderEntry(next, cases[5][1], stamped);
  assert.match(commented, /registry_stage: testing # until the review/);
  const ordered = renderEntry(next, cases[6][1], stamped);
  assert.ok(ordered.startsWith("url: "), "the file's key order is kept");
});

test("the mutex runs critical sections one at a time, in order", async () => {
  const m = new Mutex();
  const log: string[] = [];
  const slow = (name: string, ms: number) =>
    m.run(async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
    });
  await Promise.all([slow("a", 20), slow("b", 1), slow("c", 5)]);
  assert.equal(log, ["start a", "end a", "start b", "end b", "start c", "end c"]);
});

test("a failing section releases the lock", async () => {
  const m = new Mutex();
  await m.run(() => Promise.reject(new Error("boom"))).catch(() => {});
  assert.is(await m.run(() => 42), 42);
});

test("a write replaces the file whole (no partial content on disk)", () => {
  const dir = mkdtempSync(join(tmpdir(), "store-"));
  const path = join(dir, "lib.yaml");
  writeFileSync(path, "id: old\n");
  writeEntry(path, entry);
  assert.not.match(readFileSync(path, "utf8"), /id: old/);
});


test("the folder lock keeps out another process until released, and takes over a stale lock", async () => {
  const { FolderLock, LockBusy } = await import("../../src/registry/entry-store.ts");
  const dir = mkdtempSync(join(tmpdir(), "lock-"));
  const a = new FolderLock(dir);
  const b = new FolderLock(dir, { waitMs: 2000 }); // a second process, as far as the lock file knows
  const log: string[] = [];
  let releaseA!: () => void;
  const held = a.run(() => new Promise<void>((r) => { log.push("a in"); releaseA = () => { log.push("a out"); r(); }; }));
  while (!log.includes("a in")) await new Promise((r) => setTimeout(r, 5));
  const waiting = b.run(() => void log.push("b in"));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(log, ["a in"], "b waits while a holds the lock");
  releaseA();
  await Promise.all([held, waiting]);
  assert.equal(log, ["a in", "a out", "b in"]);
  // A lock written on another machine is taken over once stale.
  writeFileSync(join(dir, ".registry.lock"), "99999 another-host.example\n");
  const c = new FolderLock(dir, { staleMs: 0, waitMs: 2000 });
  assert.is(await c.run(() => "got it"), "got it");
  // A lock whose holder still runs (here: this very process, as another process would see it) is waited for.
  const d = new FolderLock(dir, { waitMs: 50 });
  writeFileSync(join(dir, ".registry.lock"), `${process.pid} ${hostname()}\n`);
  try {
    await d.run(() => "never");
    assert.unreachable("a fresh lock held elsewhere must time out");
  } catch (err) {
    assert.match((err as Error).message, /held by another registry process/);
    assert.is((err as Error).name, "Error");
    assert.ok(err instanceof LockBusy, "a LockBusy, which registration answers with 503");
  }
});
test.run();

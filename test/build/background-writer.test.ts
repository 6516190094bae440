// The build's background writer: files written on a worker thread in the order asked, failures
// reported by flush, memory bounded by ready(), and a process that waits on it kept alive.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BackgroundWriteError, BackgroundWriter } from "../../src/build/background-writer.ts";

const fresh = () => mkdtempSync(join(tmpdir(), "bgwriter-"));

test("writes, atomic writes, pieces, links and copies land in order, all on disk once flushed", async () => {
  const dir = fresh();
  const w = new BackgroundWriter();
  try {
    w.mkdir(join(dir, "a", "b"));
    w.write(join(dir, "a", "b", "text.json"), '{"title":"Café"}');
    w.write(join(dir, "bytes.bin"), new Uint8Array([1, 2, 3]));
    // a few bytes viewed in a large buffer: only those bytes are written
    const big = Buffer.alloc(1 << 20, 7);
    big.set([9, 8], 5000);
    w.write(join(dir, "view.bin"), big.subarray(5000, 5002));
    w.writeAtomic(join(dir, "atomic.txt"), join(dir, ".atomic.tmp"), "whole", { sync: true });
    w.writeTemp(join(dir, ".later.tmp"), "renamed later", { sync: true });
    w.openFile(join(dir, "pieces.txt"));
    for (const p of ["one ", "two ", "three"]) w.appendFile(join(dir, "pieces.txt"), p);
    w.closeFile(join(dir, "pieces.txt"));
    // a link and a copy of files written just before them in the same queue
    w.link(join(dir, "pieces.txt"), join(dir, "linked.txt"));
    w.copy(join(dir, "bytes.bin"), join(dir, "copied.bin"));
    await w.flush();
    assert.is(readFileSync(join(dir, "a", "b", "text.json"), "utf8"), '{"title":"Café"}');
    assert.equal([...readFileSync(join(dir, "bytes.bin"))], [1, 2, 3]);
    assert.equal([...readFileSync(join(dir, "view.bin"))], [9, 8]);
    assert.is(readFileSync(join(dir, "atomic.txt"), "utf8"), "whole");
    assert.not.ok(existsSync(join(dir, ".atomic.tmp")));
    assert.is(readFileSync(join(dir, ".later.tmp"), "utf8"), "renamed later");
    assert.is(readFileSync(join(dir, "pieces.txt"), "utf8"), "one two three");
    assert.is(statSync(join(dir, "linked.txt")).ino, statSync(join(dir, "pieces.txt")).ino);
    assert.equal([...readFileSync(join(dir, "copied.bin"))], [1, 2, 3]);
    w.rename(join(dir, ".later.tmp"), join(dir, "later.txt"));
    w.remove(join(dir, "a"));
    await w.flush();
    assert.is(readFileSync(join(dir, "later.txt"), "utf8"), "renamed later");
    assert.not.ok(existsSync(join(dir, "a")));
    assert.is(w.queuedBytes, 0);
  } finally {
    await w.close();
  }
});

test("files' bytes handed over in the shared ring land whole, through its wrap-arounds, its reuse and its overflow into the message", async () => {
  const { createHash } = await import("node:crypto");
  const dir = fresh();
  // a ring of 4 KiB: texts and bytes of up to 1 KiB go through it, larger ones in the message
  const w = new BackgroundWriter({ ringBytes: 4096 });
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("base64");
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ["a", "é", "—", "📚", "\ud800", "\n", "{", "7"];
  const expected = new Map<string, Buffer>();
  try {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) {
        const path = join(dir, `f${i}`);
        // sizes around the quarter of the ring and across it, some files written whole twice
        const length = Math.floor(random() ** 3 * 2500);
        let data: string | Uint8Array;
        if (random() < 0.7) data = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
        else data = Uint8Array.from({ length }, () => Math.floor(random() * 256));
        const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
        if (i % 3 === 0) {
          w.write(path, data, path);
        } else if (i % 3 === 1) {
          w.writeAtomic(path, `${path}.tmp`, data);
        } else {
          // in pieces: a file open while others are written through the same ring
          w.openFile(path);
          w.appendFile(path, data);
          w.appendFile(path, "+end");
          w.closeFile(path);
        }
        expected.set(path, i % 3 === 2 ? Buffer.concat([bytes, Buffer.from("+end")]) : bytes);
        // the buffer given is the caller's again at once: changing it changes nothing written
        if (data instanceof Uint8Array) data.fill(0);
        if (i % 50 === 0) await w.ready();
      }
      await w.flush();
      for (const [path, bytes] of expected) assert.ok(readFileSync(path).equals(bytes), `${path} (round ${round})`);
      for (let i = 0; i < 300; i += 3) assert.is(w.writtenHashes.get(join(dir, `f${i}`)), sha(expected.get(join(dir, `f${i}`))!));
    }
    assert.is(w.queuedBytes, 0);
  } finally {
    await w.close();
  }
});

test("a file written with a hash key is hashed by the worker from the bytes it wrote: the SHA-256 the main thread would give its text", async () => {
  const { createHash } = await import("node:crypto");
  const dir = fresh();
  const w = new BackgroundWriter();
  const sha = (t: string) => createHash("sha256").update(t).digest("base64");
  try {
    // a lone surrogate is written (and hashed) as U+FFFD, as createHash does with a string
    w.write(join(dir, "one.json"), '{"title":"Café \ud800"}', "feeds/one.json");
    w.write(join(dir, "plain.json"), "not hashed");
    w.openFile(join(dir, "pieces.json"), "feeds/pieces.json");
    for (const p of ['{"a":', '"π"', "}"]) w.appendFile(join(dir, "pieces.json"), p);
    w.closeFile(join(dir, "pieces.json"));
    assert.is(w.writtenHashes.size, 0, "known once flushed");
    await w.flush();
    assert.equal(Object.fromEntries(w.writtenHashes), { "feeds/one.json": sha('{"title":"Café \ud800"}'), "feeds/pieces.json": sha('{"a":"π"}') });
    assert.is(createHash("sha256").update(readFileSync(join(dir, "one.json"))).digest("base64"), w.writtenHashes.get("feeds/one.json"));
  } finally {
    await w.close();
  }
});

test("a replacement by link keeps the new file when the old one cannot be linked", async () => {
  const dir = fresh();
  const w = new BackgroundWriter();
  try {
    writeFileSync(join(dir, "old.txt"), "same text");
    w.write(join(dir, "new.txt"), "same text");
    w.replaceWithLink(join(dir, "old.txt"), join(dir, "new.txt"), join(dir, "new.txt.link"));
    w.write(join(dir, "kept.txt"), "kept");
    w.replaceWithLink(join(dir, "missing.txt"), join(dir, "kept.txt"), join(dir, "kept.txt.link"));
    await w.flush();
    assert.is(statSync(join(dir, "new.txt")).ino, statSync(join(dir, "old.txt")).ino);
    assert.is(readFileSync(join(dir, "kept.txt"), "utf8"), "kept");
    assert.equal(readdirSync(dir).sort(), ["kept.txt", "new.txt", "old.txt"]);
  } finally {
    await w.close();
  }
});

test("pieces of files written side by side land each in its own file, in order", async () => {
  const dir = fresh();
  const w = new BackgroundWriter();
  try {
    const a = join(dir, "a.txt"), b = join(dir, "b.txt");
    w.openFile(a);
    w.openFile(b);
    const want = { a: "", b: "" };
    for (let i = 0; i < 5000; i++) {
      // runs of pieces of one file, then of the other, and bytes between strings
      const which = Math.floor(i / 7) % 2 === 0 ? "a" : "b";
      const piece = `${which}${i},`;
      if (i % 11 === 0) w.appendFile(which === "a" ? a : b, Buffer.from(piece));
      else w.appendFile(which === "a" ? a : b, piece);
      want[which] += piece;
    }
    w.closeFile(a);
    w.closeFile(b);
    await w.flush();
    assert.is(readFileSync(a, "utf8"), want.a);
    assert.is(readFileSync(b, "utf8"), want.b);
  } finally {
    await w.close();
  }
});

test("the first failing write is reported by flush with its path; later ones are not done", async () => {
  const dir = fresh();
  const w = new BackgroundWriter();
  try {
    w.write(join(dir, "first.txt"), "ok");
    w.write(join(dir, "no-such-folder", "x.txt"), "fails");
    w.write(join(dir, "after.txt"), "skipped");
    const err = await w.flush().then(
      () => undefined,
      (e) => e,
    );
    assert.instance(err, BackgroundWriteError);
    assert.is(err.path, join(dir, "no-such-folder", "x.txt"));
    assert.match(err.message, /ENOENT/);
    assert.ok(existsSync(join(dir, "first.txt")));
    assert.not.ok(existsSync(join(dir, "after.txt")));
  } finally {
    await w.close().catch(() => {});
  }
  // an atomic write whose rename fails leaves no temporary file behind
  const w2 = new BackgroundWriter();
  mkdirSync(join(dir, "is-a-folder"));
  writeFileSync(join(dir, "is-a-folder", "inside"), "keeps the folder from being replaced");
  w2.writeAtomic(join(dir, "is-a-folder"), join(dir, ".t.tmp"), "x");
  const failed = await w2.flush().then(() => false, () => true);
  await w2.close().catch(() => {});
  assert.ok(failed);
  assert.not.ok(existsSync(join(dir, ".t.tmp")));
});

test("abort stops the thread at once: a pending flush rejects, nothing more lands on disk, nothing hangs", async () => {
  const dir = fresh();
  const w = new BackgroundWriter({ maxQueuedBytes: 1 << 20 });
  for (let i = 0; i < 400; i++) w.write(join(dir, `f${i}.bin`), new Uint8Array(64 * 1024).fill(i % 256));
  const flushed = w.flush().then(() => "ok", (e) => (e as Error).message);
  await w.abort();
  assert.match(await flushed, /writer thread/);
  const after = readdirSync(dir).length;
  assert.ok(after < 400, `stopped before the end of the queue (${after} of 400 written)`);
  await new Promise((r) => setTimeout(r, 100));
  assert.is(readdirSync(dir).length, after, "nothing written after abort resolved");
  await w.close();
  assert.throws(() => w.write(join(dir, "late.bin"), "no"), /after close/);
});

test("with the default bound, a writer that waits in ready() between files never finds the ring full: no text goes in a message", async () => {
  const dir = fresh();
  const texts = Array.from({ length: 600 }, (_, i) => `${i}:`.padEnd(1000 + (i % 7) * 300, String.fromCharCode(97 + (i % 26))));
  const run = async (opts: { maxQueuedBytes?: number }) => {
    const w = new BackgroundWriter({ ringBytes: 64 * 1024, ...opts });
    for (let i = 0; i < texts.length; i++) {
      w.write(join(dir, `t${i}.txt`), texts[i]);
      await w.ready();
    }
    await w.close();
    for (let i = 0; i < texts.length; i += 97) assert.is(readFileSync(join(dir, `t${i}.txt`), "utf8"), texts[i]);
    return w.messageBytes;
  };
  assert.is(await run({}), 0, "all through the ring");
  // a bound past the ring's size lets the ring fill: what is written then goes in messages
  assert.ok((await run({ maxQueuedBytes: 1 << 20 })) > 0, "the ring filled with a larger bound");
});

test("close flushes and ends the worker; writing after it is refused", async () => {
  const dir = fresh();
  const w = new BackgroundWriter();
  w.write(join(dir, "last.txt"), "written");
  await w.close();
  assert.is(readFileSync(join(dir, "last.txt"), "utf8"), "written");
  assert.throws(() => w.write(join(dir, "late.txt"), "no"), /after close/);
});

test("ready() bounds what is queued, and a process waiting in it is kept alive until the worker catches up", () => {
  const dir = fresh();
  const script = join(dir, "writer-child.mts");
  const module = fileURLToPath(new URL("../../src/build/background-writer.ts", import.meta.url));
  // Nothing but the worker is left to keep this process alive while it waits: without the worker
  // held alive during the wait, Node would exit 13 (an unfinished top-level await).
  writeFileSync(
    script,
    `import { BackgroundWriter } from ${JSON.stringify(module)};
const w = new BackgroundWriter({ maxQueuedBytes: 1 << 20 });
let most = 0;
for (let i = 0; i < 40; i++) {
  w.write(${JSON.stringify(dir)} + "/f" + i + ".bin", new Uint8Array(512 * 1024).fill(i));
  await w.ready();
  most = Math.max(most, w.queuedBytes);
}
await w.close();
console.log(JSON.stringify({ most }));
`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", cwd: fileURLToPath(new URL("../..", import.meta.url)) });
  assert.is(r.status, 0, r.stderr);
  const { most } = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.ok(most <= (1 << 20) + 512 * 1024, `at most the bound and one file queued after ready(), saw ${most}`);
  const files = readdirSync(dir).filter((f) => f.endsWith(".bin"));
  assert.is(files.length, 40);
  for (const f of files) assert.is(statSync(join(dir, f)).size, 512 * 1024);
});

test.run();

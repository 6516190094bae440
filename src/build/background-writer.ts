// Writes the build's files on a worker thread, in the order they were asked for, while the main
// thread goes on fetching, converting and rendering. On this kind of machine creating a file is
// a few hundred microseconds of kernel time; a cold build creates about a hundred thousand of
// them (HTTP cache entries, converted logos, dist/, the snapshots), which on the main thread was
// a third of the build. The worker does them with the synchronous calls, one after another (in
// one folder, parallel creates only contend for its lock), on the second core.
//
// - Order: operations run first in, first out, so a link to a file written earlier, or a rename
//   of a temporary file, always finds what it needs.
// - Memory: what is queued is counted; `ready()` waits while more than `maxQueuedBytes` is (by
//   default half the ring, so that what waits fits in the ring, see Bytes).
// - Failure: the first failing operation (with its path and the system's message) is kept, the
//   ones after it are skipped, and `flush()` rejects with it. Nothing the build publishes is
//   swapped in before a flush: a write that failed fails the build, it is never lost silently.
// - Bytes: what a file holds is put, as UTF-8 or as it is, into a ring of memory shared with the
//   worker (`ringBytes`, one allocation for the writer's life), and the worker writes it from
//   there; the message says only where. Sent in the message instead, each text was copied three
//   more times (serialized, read into the worker's heap, encoded), each large one into pages the
//   kernel had to map afresh: on a small virtual machine such a page fault costs 8–14 µs, and a
//   cold build of 10,000 libraries (a gigabyte of dist/) took about 400,000 more of them that way.
//   Data that finds no room in the ring (larger than a quarter of it, or the ring full) is sent
//   in the message as before. With a queue bound of twice the ring (16 MiB), the ring was full
//   for 1,200 of a cold build's texts (120 MB) at 10,000 libraries, each then serialized into the
//   message: posting cost the main thread 0.9 s against 0.6 s with the bound at the ring's size,
//   where only the few texts over 2 MiB go in the message (half the ring: 0.49 s).
import { Worker } from "node:worker_threads";

type Data = string | Uint8Array;
/** A file's bytes: in the message (`d`), or in the ring (`r` offset, `n` length). */
type Bytes = { d: Data; r?: undefined; n?: undefined } | { d?: undefined; r: number; n: number };

type Op =
  | ({ k: "write"; p: string; h?: string } & Bytes)
  | ({ k: "atomic"; p: string; t: string; sync: boolean } & Bytes)
  | ({ k: "temp"; t: string; sync: boolean } & Bytes)
  | { k: "rename"; from: string; p: string }
  | { k: "link"; from: string; p: string }
  | { k: "copy"; from: string; p: string }
  | { k: "logo"; from: string; prev: string; hash: string; p: string }
  | { k: "replace"; from: string; t: string; p: string }
  | { k: "open"; p: string; h?: string }
  | ({ k: "append"; p: string } & Bytes)
  | { k: "close"; p: string }
  | { k: "mkdir"; p: string }
  | { k: "rm"; p: string };

// Plain JavaScript evaluated in the worker: no loader, no import of our TypeScript.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { createHash } = require("node:crypto");
const done = new Int32Array(workerData.done);
const ring = Buffer.from(workerData.ring);
// an op's bytes: a view of the ring where the main thread put them, or what the message carried
const dataOf = (op) => (op.r === undefined ? op.d : ring.subarray(op.r, op.r + op.n));
const fds = new Map();
// a file's SHA-256 (base64) by the key it was written with, for the build's manifest; sent with
// the next flush's answer
const hashers = new Map();
let hashes = {};
let failure = null;
// writeSync may write less than it is given: every byte, however many calls that takes
function writeAll(fd, data) {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
  return bytes;
}
function run(op) {
  switch (op.k) {
    case "write": {
      const data = dataOf(op);
      if (op.h === undefined) { fs.writeFileSync(op.p, data); return; }
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      fs.writeFileSync(op.p, bytes);
      hashes[op.h] = createHash("sha256").update(bytes).digest("base64");
      return;
    }
    case "temp":
    case "atomic": {
      const fd = fs.openSync(op.t, "wx", 0o644);
      try {
        writeAll(fd, dataOf(op));
        if (op.sync) fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (op.k === "atomic") {
        try { fs.renameSync(op.t, op.p); } catch (err) { fs.rmSync(op.t, { force: true }); throw err; }
      }
      return;
    }
    case "rename": fs.renameSync(op.from, op.p); return;
    case "link": try { fs.linkSync(op.from, op.p); } catch { fs.copyFileSync(op.from, op.p); } return;
    case "copy": fs.copyFileSync(op.from, op.p, fs.constants.COPYFILE_FICLONE); return;
    case "logo": {
      // the previous dist/'s copy, linked when its bytes still have the hash its name says (the
      // hash logo-image.ts's logoHash gives: this worker imports none of our modules)
      let same = false;
      try { same = createHash("sha256").update(fs.readFileSync(op.prev)).digest("hex").slice(0, 32) === op.hash; } catch {}
      if (same) { try { fs.linkSync(op.prev, op.p); return; } catch {} }
      fs.copyFileSync(op.from, op.p, fs.constants.COPYFILE_FICLONE);
      return;
    }
    case "replace":
      // the old file takes the new one's place; if it cannot, the new one stays
      try { fs.linkSync(op.from, op.t); fs.renameSync(op.t, op.p); } catch { fs.rmSync(op.t, { force: true }); }
      return;
    case "open":
      fds.set(op.p, fs.openSync(op.p, "w"));
      if (op.h !== undefined) hashers.set(op.p, { key: op.h, hash: createHash("sha256") });
      return;
    case "append": {
      const bytes = writeAll(fds.get(op.p), dataOf(op));
      hashers.get(op.p)?.hash.update(bytes);
      return;
    }
    case "close": {
      const fd = fds.get(op.p);
      fds.delete(op.p);
      fs.closeSync(fd);
      const h = hashers.get(op.p);
      if (h) { hashers.delete(op.p); hashes[h.key] = h.hash.digest("base64"); }
      return;
    }
    case "mkdir": fs.mkdirSync(op.p, { recursive: true }); return;
    case "rm": fs.rmSync(op.p, { force: true, recursive: true }); return;
  }
}
parentPort.on("message", (msg) => {
  if (msg.flush !== undefined) {
    parentPort.postMessage({ flushed: msg.flush, failure, hashes });
    hashes = {};
    return;
  }
  for (const op of msg) {
    if (failure) continue;
    try {
      run(op);
    } catch (err) {
      failure = { path: op.p || op.t, message: err && err.message ? err.message : String(err) };
      for (const fd of fds.values()) try { fs.closeSync(fd); } catch {}
      fds.clear();
      hashers.clear();
    }
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

export interface BackgroundWriterOptions {
  /** Queued bytes past which `ready()` waits (default: half of `ringBytes`, so what waits fits in the ring). */
  maxQueuedBytes?: number;
  /** The memory shared with the worker that files' bytes are handed over in (default 8 MiB). */
  ringBytes?: number;
}

/** A write the worker could not do. */
export class BackgroundWriteError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`cannot write ${path}: ${reason}`);
  }
}

// In Node since 16; not in the TypeScript library this project targets (ES2022).
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync;

const BATCH_OPS = 64;
const BATCH_BYTES = 1 << 20;

export class BackgroundWriter {
  readonly #worker: Worker;
  readonly #done: Int32Array;
  readonly #max: number;
  #batch: Op[] = [];
  #batchBytes = 0;
  #scheduled = false;
  readonly #ring: Buffer;
  /** Bytes of the ring ever taken (including the ends skipped to start again at 0), and ever given back. */
  #ringHead = 0;
  #ringTail = 0;
  /** Bytes of each posted batch not yet done, oldest first, the ring's head when each was posted, and how many batches were posted. */
  #inFlight: number[] = [];
  #inFlightRing: number[] = [];
  #inFlightHead = 0;
  #posted = 0;
  #queued = 0;
  #messageBytes = 0;
  #flushes = 0;
  #waiting = new Map<number, (r: { failure: { path: string; message: string } | null }) => void>();
  #closed = false;
  #waits = 0;
  /** Why the worker is gone, when it died before close(). */
  #dead: string | undefined;
  /**
   * The SHA-256 (base64) of each file written with a hash key (`write`, `openFile`), by that key:
   * complete for everything asked before the last `flush()` resolved.
   */
  readonly writtenHashes = new Map<string, string>();

  constructor(opts: BackgroundWriterOptions = {}) {
    const ringBytes = opts.ringBytes ?? 8 << 20;
    this.#max = opts.maxQueuedBytes ?? ringBytes >> 1;
    const done = new SharedArrayBuffer(4);
    this.#done = new Int32Array(done);
    const ring = new SharedArrayBuffer(ringBytes);
    this.#ring = Buffer.from(ring);
    // What the worker is sent dies as soon as it is written: a young generation of 6 MB (V8's
    // default is about 48) is collected often and cheaply, and a cold build of 10,000 libraries
    // peaked 40–80 MB lower with it.
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { done, ring }, resourceLimits: { maxYoungGenerationSizeMb: 6 } });
    this.#worker.on("message", (m: { flushed: number; failure: { path: string; message: string } | null; hashes: Record<string, string> }) => {
      for (const key in m.hashes) this.writtenHashes.set(key, m.hashes[key]);
      this.#waiting.get(m.flushed)?.(m);
      this.#waiting.delete(m.flushed);
    });
    // A worker that died (out of memory, a crash) wrote nothing more: every wait ends with why.
    this.#worker.on("error", (err) => this.#die(`the writer thread failed: ${err.message}`));
    this.#worker.on("exit", (code) => this.#die(`the writer thread stopped (exit code ${code})`));
    // never what keeps the process alive: every user flushes before it finishes
    this.#worker.unref();
  }

  /**
   * Writes `data` to `path` (created or truncated). With `hashKey`, the worker also hashes the bytes
   * it wrote (SHA-256, base64) into `writtenHashes` under that key: the hashing of a build's
   * new files is done on the worker's core, from the UTF-8 it makes anyway.
   */
  write(path: string, data: Data, hashKey?: string): void {
    this.#push(hashKey === undefined ? { k: "write", p: path, ...this.#bytes(data) } : { k: "write", p: path, h: hashKey, ...this.#bytes(data) }, data);
  }

  /** Writes `data` to `temp` (created exclusively; fsync'd with `sync`), then renames it to `path`. */
  writeAtomic(path: string, temp: string, data: Data, opts: { sync?: boolean } = {}): void {
    this.#push({ k: "atomic", p: path, t: temp, sync: !!opts.sync, ...this.#bytes(data) }, data);
  }

  /** Writes `data` to `temp` only (created exclusively; fsync'd with `sync`): a later `rename` publishes it. */
  writeTemp(temp: string, data: Data, opts: { sync?: boolean } = {}): void {
    this.#push({ k: "temp", t: temp, sync: !!opts.sync, ...this.#bytes(data) }, data);
  }

  rename(from: string, to: string): void {
    this.#push({ k: "rename", from, p: to });
  }

  /** A hard link to `existing` (a copy where the file system has none). */
  link(existing: string, path: string): void {
    this.#push({ k: "link", from: existing, p: path });
  }

  /** A copy of `existing` (a reflink where the file system offers one). */
  copy(existing: string, path: string): void {
    this.#push({ k: "copy", from: existing, p: path });
  }

  /**
   * A published logo: hard linked from `previous` (the dist/ being replaced) when that file's
   * SHA-256 still starts with `hash` (its name), otherwise copied from `source`.
   */
  publishLogo(source: string, previous: string, hash: string, path: string): void {
    this.#push({ k: "logo", from: source, prev: previous, hash, p: path });
  }

  /** Puts a hard link to `existing` in place of `path` through `temp`; leaves `path` as it is if that fails. */
  replaceWithLink(existing: string, path: string, temp: string): void {
    this.#push({ k: "replace", from: existing, t: temp, p: path });
  }

  /** A file written in pieces: `openFile`, any number of `appendFile`, `closeFile`. */
  openFile(path: string, hashKey?: string): void {
    this.#push(hashKey === undefined ? { k: "open", p: path } : { k: "open", p: path, h: hashKey });
  }
  appendFile(path: string, data: Data): void {
    this.#push({ k: "append", p: path, ...this.#bytes(data) }, data);
  }
  closeFile(path: string): void {
    this.#push({ k: "close", p: path });
  }

  mkdir(path: string): void {
    this.#push({ k: "mkdir", p: path });
  }

  /** Removes a file or folder (nothing if it is not there). */
  remove(path: string): void {
    this.#push({ k: "rm", p: path });
  }

  /** Bytes of data that found no room in the ring and went in a message instead (UTF-8 for a text, at most). */
  get messageBytes(): number {
    return this.#messageBytes;
  }

  /** Bytes posted to the worker and not yet written. */
  get queuedBytes(): number {
    this.#settle();
    return this.#queued + this.#batchBytes;
  }

  /** Resolves once no more than `maxQueuedBytes` is queued: call it between files to bound memory. */
  async ready(): Promise<void> {
    // a batch not yet posted holds ring space too: posted, it can be waited for
    if (this.#batchBytes >= BATCH_BYTES || this.#queued + this.#batchBytes > this.#max) this.#post();
    while (this.queuedBytes > this.#max) {
      if (this.#dead) throw new BackgroundWriteError("(background writer)", this.#dead);
      const seen = Atomics.load(this.#done, 0);
      this.#settle();
      if (this.#queued <= this.#max) break;
      const w = waitAsync(this.#done, 0, seen);
      if (!w.async) continue;
      // a wait on shared memory does not keep the process alive by itself: the worker must
      this.#worker.ref();
      this.#waits++;
      try {
        await w.value;
      } finally {
        if (--this.#waits === 0 && !this.#waiting.size) this.#worker.unref();
      }
    }
  }

  /** Resolves when everything asked so far is on disk; rejects with the first write that failed. */
  async flush(): Promise<void> {
    if (this.#closed) throw new Error("BackgroundWriter: flushed after close");
    if (this.#dead) throw new BackgroundWriteError("(background writer)", this.#dead);
    this.#post();
    const id = ++this.#flushes;
    const reply = new Promise<{ failure: { path: string; message: string } | null }>((resolve) => this.#waiting.set(id, resolve));
    // a pending reply keeps the process alive until the worker answers
    this.#worker.ref();
    this.#worker.postMessage({ flush: id });
    const { failure } = await reply.finally(() => {
      if (!this.#waiting.size && !this.#waits) this.#worker.unref();
    });
    this.#settle();
    if (failure) throw new BackgroundWriteError(failure.path, failure.message);
  }

  /**
   * Stops the worker now, dropping what is still queued (a build that failed: what it wrote is
   * removed next). Resolves once the thread has stopped, so nothing more lands on disk; a flush
   * or wait still pending rejects.
   */
  async abort(): Promise<void> {
    if (this.#closed) return;
    await this.#terminate();
    this.#die("the writer thread was stopped");
    this.#closed = true;
  }

  /**
   * Ends the thread. A worker being terminated does not reliably keep the process alive until it
   * has ended: under load, a caller awaiting this with nothing else pending (a test, the end of a
   * failed build) saw its process exit first ("exiting early"). A timer holds it until then.
   */
  async #terminate(): Promise<void> {
    const hold = setInterval(() => {}, 1 << 30);
    try {
      await this.#worker.terminate();
    } finally {
      clearInterval(hold);
    }
  }

  #die(reason: string): void {
    if (this.#dead || this.#closed) return;
    this.#dead = reason;
    for (const [id, answer] of this.#waiting) {
      this.#waiting.delete(id);
      answer({ failure: { path: "(background writer)", message: reason } });
    }
    // wakes a ready() waiting on the counter
    Atomics.notify(this.#done, 0);
  }

  /** Flushes, then ends the worker. Rejects like `flush`; the worker ends either way. */
  async close(): Promise<void> {
    // after abort() (or a first close) there is nothing left to end
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      await this.#terminate();
    }
  }

  /**
   * Where `data` travels: copied into the ring when it fits there (as UTF-8 for a text), else in
   * the message (bytes as a copy of their own: a view of a few bytes in a large buffer would send
   * the whole buffer).
   */
  #bytes(data: Data): Bytes {
    if (this.#closed) throw new Error("BackgroundWriter: written after close");
    const largest = this.#ring.length >> 2;
    // the room to take: a text's UTF-8 is at most three bytes per UTF-16 unit, so only a text that
    // might not fit is measured
    const room = typeof data !== "string" ? data.byteLength : data.length * 3 <= largest ? data.length * 3 : Buffer.byteLength(data, "utf8");
    const at = room <= largest ? this.#take(room) : undefined;
    // (bytes are copied: the caller's buffer is its own again at once, as when they go through the ring)
    if (at === undefined) {
      this.#messageBytes += room;
      return { d: typeof data === "string" ? data : data.slice() };
    }
    const written = typeof data === "string" ? this.#ring.write(data, at, "utf8") : (this.#ring.set(data, at), data.byteLength);
    // what was taken beyond the bytes written is given back at once
    this.#ringHead -= room - written;
    return { r: at, n: written };
  }

  /** `n` contiguous bytes of the ring (the next ones, or from its start when too few are left before its end), if free. */
  #take(n: number): number | undefined {
    const size = this.#ring.length;
    let at = this.#ringHead % size;
    const skip = at + n > size ? size - at : 0;
    if (skip) at = 0;
    if (this.#ringHead + skip + n - this.#ringTail > size) {
      this.#settle();
      if (this.#ringHead + skip + n - this.#ringTail > size) return undefined;
    }
    this.#ringHead += skip + n;
    return at;
  }

  #push(op: Op, data?: Data): void {
    if (this.#closed) throw new Error("BackgroundWriter: written after close");
    this.#batch.push(op);
    if (data !== undefined) this.#batchBytes += typeof data === "string" ? data.length : data.byteLength;
    if (this.#batch.length >= BATCH_OPS || this.#batchBytes >= BATCH_BYTES) this.#post();
    else if (!this.#scheduled) {
      // what is left of a batch goes when the main thread next yields
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        if (!this.#closed) this.#post();
      });
    }
  }

  #post(): void {
    if (!this.#batch.length) return;
    this.#worker.postMessage(this.#batch);
    this.#inFlight.push(this.#batchBytes);
    this.#inFlightRing.push(this.#ringHead);
    this.#queued += this.#batchBytes;
    this.#posted++;
    this.#batch = [];
    this.#batchBytes = 0;
  }

  /** Takes the batches the worker has finished off the queue. */
  #settle(): void {
    const done = Atomics.load(this.#done, 0);
    const finished = done - (this.#posted - (this.#inFlight.length - this.#inFlightHead));
    for (let i = 0; i < finished && this.#inFlightHead < this.#inFlight.length; i++) {
      // the worker is done with every byte of the ring this batch (and those before it) used
      this.#ringTail = this.#inFlightRing[this.#inFlightHead];
      this.#queued -= this.#inFlight[this.#inFlightHead++];
    }
    if (this.#inFlightHead > 1024) {
      this.#inFlight = this.#inFlight.slice(this.#inFlightHead);
      this.#inFlightRing = this.#inFlightRing.slice(this.#inFlightHead);
      this.#inFlightHead = 0;
    }
  }
}

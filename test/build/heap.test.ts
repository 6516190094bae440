// The build's heap tuning: for the render, a process that keeps a little and churns a lot grows its
// heap far less before collecting (what holds a 10,000-library build's peak RSS near 600 MB); the
// refresh lets it grow further (it collected every 0.4 s); the switch collects once.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const heapModule = fileURLToPath(new URL("../../src/build/heap.ts", import.meta.url));

function peakHeapMb(tuning: "none" | "refresh" | "render"): number {
  const dir = mkdtempSync(join(tmpdir(), "heap-tuning-"));
  const script = join(dir, "churn.mts");
  // 60 MB kept to the end; 3 million objects that live long enough to be promoted, then die
  writeFileSync(
    script,
    `import { tightenHeap, tuneHeapForBuild } from ${JSON.stringify(heapModule)};
const tuning = ${JSON.stringify(tuning)};
if (tuning === "refresh") tuneHeapForBuild();
if (tuning === "render") tightenHeap();
const live = Array.from({ length: 400_000 }, (_, i) => ({ i, s: "x".repeat(100) + i }));
const W = 200_000;
const ring = new Array(W);
let peak = 0;
for (let round = 0; round < 3_000_000; round++) {
  ring[round % W] = { round, s: "y".repeat(80) + round };
  if (round % 20000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(JSON.stringify({ peak, live: live.length }));
`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", cwd: root });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!).peak / 1e6;
}

test("tightenHeap keeps the heap of a churning process much smaller; the refresh's tuning lets it grow more", () => {
  const plain = peakHeapMb("none");
  const render = peakHeapMb("render");
  const refresh = peakHeapMb("refresh");
  assert.ok(render < plain * 0.7, `render ${render.toFixed(0)} MB against ${plain.toFixed(0)} MB untuned`);
  assert.ok(refresh > render * 1.15, `refresh ${refresh.toFixed(0)} MB against render ${render.toFixed(0)} MB`);
});

test("tightenHeap({ collectNow: true }) collects at once", () => {
  const dir = mkdtempSync(join(tmpdir(), "heap-collect-"));
  const script = join(dir, "collect.mts");
  writeFileSync(
    script,
    `import { tightenHeap } from ${JSON.stringify(heapModule)};
const make = () => new WeakRef({ big: new Array(1000).fill("x") });
const refs = Array.from({ length: 50 }, make);
// a WeakRef keeps its target alive until the job that made (or dereferenced) it ends
const tick = () => new Promise((ok) => setImmediate(ok));
await tick();
tightenHeap();
const before = refs.filter((r) => r.deref() === undefined).length;
await tick();
tightenHeap({ collectNow: true });
const after = refs.filter((r) => r.deref() === undefined).length;
tightenHeap({ collectNow: true });
console.log(JSON.stringify({ before, after }));
`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", cwd: root });
  assert.is(r.status, 0, r.stderr);
  const { before, after } = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.is(before, 0, "nothing collected before the call");
  assert.is(after, 50, "every unreachable target collected by it");
});

test.run();

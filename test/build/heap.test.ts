// The build's heap tuning: with it, a process that keeps a little and churns a lot grows its heap
// far less before collecting (what holds a 10,000-library build's peak RSS near 600 MB).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const heapModule = fileURLToPath(new URL("../../src/build/heap.ts", import.meta.url));

function peakHeapMb(tuned: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), "heap-tuning-"));
  const script = join(dir, "churn.mts");
  // 60 MB kept to the end; 3 million objects that live long enough to be promoted, then die
  writeFileSync(
    script,
    `import { tuneHeapForBuild } from ${JSON.stringify(heapModule)};
if (${tuned}) tuneHeapForBuild();
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

test("tuneHeapForBuild keeps the heap of a churning process much smaller", () => {
  const plain = peakHeapMb(false);
  const tuned = peakHeapMb(true);
  assert.ok(tuned < plain * 0.7, `tuned ${tuned.toFixed(0)} MB against ${plain.toFixed(0)} MB untuned`);
});

test.run();

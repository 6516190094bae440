// A build allocates fast and keeps little: it strings together tens of thousands of files,
// each garbage once written, while what stays (the libraries, the places) is a couple of hundred
// megabytes. V8 lets the old generation grow to about four times what survived its last full
// collection before collecting again, which on a 10,000-library build was 600 MB of heap for
// 230 MB alive, and a peak RSS of 760–790 MB for the full render. Growing it by 30 % instead
// collected sooner: 590–600 MB for the same render, for about 2 s more CPU (measured with
// `registry bench`; see README, `registry build`). 20 % took the cold build's peak from 576–596 MB
// to 558–580 MB (three runs each, in turn), for 0–4 s more CPU, within the machine's noise; once
// glibc's thresholds were fixed (scripts/arena.ts) the peak had room again, and 30 % rendered
// 10,000 libraries in 14.1–16.0 s against 16.8–19.7 s with 20 %, at 555–576 MB against 520–567 MB
// (three runs each, in turn).
//
// The refresh is another matter: 50–110 MB alive and far below the peak, but each library's
// documents and logo live across its fetches long enough to be promoted, so 30 % meant a full
// collection every 0.4 s: 61 of a cold build's 71, most of the 15–17 s of CPU V8's helper threads
// spent. The refresh grows by 100 % (14 full collections), and the render starts with one full
// collection with 30 % again, so its limit is set from what is alive then: without that
// collection the render inherited the refresh's looser limit and peaked at 555 MB against
// 506–525 MB. Five cold builds of 10,000 libraries each way, in turn, on tmpfs: 61.8 CPU-s on
// average against 69.2, refresh 18.6 s against 22.8 s, peak 506–564 MB against 503–528 MB (the
// machine's speed wanders by a fifth between runs; see README, `registry bench`).
//
// The flag is V8's own (--heap-growing-percent), read each time the heap sets its next limit,
// so it can be set once the process runs. It is process-wide: `registry serve`, which rebuilds
// in its own process, is left with the render's tighter heap, which suits a long-running server.
// Two builds at once in one process (no command does that) would only cost each other time: the
// first to reach its render tightens the heap for the other's refresh too.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** The render's growth: where a build's peak is. */
export const HEAP_GROWING_PERCENT = 30;
/** The refresh's growth: little alive, much promoted. */
export const REFRESH_HEAP_GROWING_PERCENT = 100;

let collect: (() => void) | undefined;

/** The heap for the refresh: collected rarely (little is alive, so it stays small). */
export function tuneHeapForBuild(): void {
  setFlagsFromString(`--heap-growing-percent=${REFRESH_HEAP_GROWING_PERCENT}`);
}

/**
 * The heap for the render, and for whatever the process does after the build: the tighter growth,
 * and, with `collectNow`, one full collection now, so the next limit is what is alive times 1.3
 * rather than the refresh's looser one. The collection is V8's `gc()`, exposed the way Jest's leak
 * detector does it (the flag, then the function from a fresh context).
 */
export function tightenHeap(opts: { collectNow?: boolean } = {}): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (!opts.collectNow) return;
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

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
// The flag is V8's own (--heap-growing-percent), read each time the heap sets its next limit,
// so it can be set once the process runs. It is process-wide: `registry serve`, which rebuilds
// in its own process, keeps the tighter heap too, which suits a long-running server.
import { setFlagsFromString } from "node:v8";

export const HEAP_GROWING_PERCENT = 30;

let tuned = false;

export function tuneHeapForBuild(): void {
  if (tuned) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  tuned = true;
}

// `registry build` and `registry serve` run with glibc's malloc limited to two arenas, and with its
// trim and mmap thresholds fixed. glibc gives each thread that allocates its own arena (up to
// eight per core), and the threads of a build (libvips converting logos, libuv's pool, the writer
// thread) each keep tens of megabytes that are never given back: a cold build of 10,000 libraries
// peaked 60–80 MB lower with two arenas (649/598 MB against 733/676 MB, measured in turn on this
// project's 2-core machine), for no measurable time. glibc also raises its mmap threshold each time
// a mapped block is freed (up to 32 MB), after which even large blocks come from the arenas and
// their memory stays with the process (which of the build's blocks, I did not trace); fixed
// thresholds (blocks of 256 KB or more mapped and given back when freed, an arena's free top
// returned past 1 MB) took the same build from 576–587 MB to 521–533 MB, three runs each, in turn
// (each alone: 534–549 and 550–552 MB; V8's heap then grew 20 % between collections, see
// src/build/heap.ts), for no measurable time. glibc reads these only when a process starts, so the
// command starts itself again once with them set. Set MALLOC_ARENA_MAX yourself (any value), or
// any glibc.malloc tunable in GLIBC_TUNABLES, and nothing is changed; a threshold you set is kept.
// No imports beyond node's: this runs before the command's modules load.
import { spawn } from "node:child_process";

export const ARENA_LIMITED_COMMANDS = new Set(["build", "serve"]);

/** What the command runs with (each where the environment does not set it already). */
export const MALLOC_SETTINGS = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_TRIM_THRESHOLD_: String(1 << 20),
  MALLOC_MMAP_THRESHOLD_: String(256 << 10),
} as const;

/** `env` with MALLOC_SETTINGS added where it has none of its own. */
export function withMallocSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [k, v] of Object.entries(MALLOC_SETTINGS)) out[k] ??= v;
  return out;
}

/** Has the operator tuned glibc's malloc: MALLOC_ARENA_MAX set, or a glibc.malloc tunable in GLIBC_TUNABLES? */
export function mallocTunedByOperator(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MALLOC_ARENA_MAX !== undefined || /glibc\.malloc\./.test(env.GLIBC_TUNABLES ?? "");
}

/** On glibc Linux, where the operator has not tuned malloc. */
export function wantsArenaLimit(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== "linux" || mallocTunedByOperator(env)) return false;
  // the report's network part (a DNS lookup of the host name) is not needed for its header
  (process.report as { excludeNetwork?: boolean }).excludeNetwork = true;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return typeof header?.glibcVersionRuntime === "string";
}

/**
 * Runs this same command line again with MALLOC_SETTINGS and stdio shared, passes on the
 * signals a supervisor sends, and answers the child's exit code (or dies of its signal).
 */
export function rerunWithArenaLimit(): Promise<number> {
  // In a process group of its own, so that a Ctrl-C reaches it once (passed on from here), not
  // twice: `registry serve` stops gracefully on the first SIGINT and at once on a second.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: withMallocSettings(process.env),
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const handlers = signals.map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const stopForwarding = () => {
    for (const [s, h] of handlers) process.off(s, h);
  };
  return new Promise((resolve) => {
    child.on("error", (err) => {
      stopForwarding();
      console.error(`registry: cannot start again with glibc's malloc settings (MALLOC_ARENA_MAX=2; ${err.message})`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      stopForwarding();
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}

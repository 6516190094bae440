// dist/ is replaced by two renames (dist → dist.old-<pid>, staging → dist). A crash between them
// leaves no dist/ but a complete dist.old-<pid>; a crash before or after leaves leftovers. The
// next build or `registry serve` calls recoverDist first: it puts the newest complete copy back
// when dist/ is missing, and removes what a dead build left behind (and a replaced dist/ that its
// background deleter, `.dist.trash-*`, did not finish).
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { spawn } from "node:child_process";
import { processAlive } from "../registry/entry-store.ts";

/** What was done, for a log line; empty when nothing needed doing. */
export function recoverDist(outDir: string): string[] {
  const parent = dirname(outDir);
  const name = basename(outDir);
  const done: string[] = [];
  let siblings: string[];
  try {
    siblings = readdirSync(parent);
  } catch {
    return done;
  }
  const pidOf = (n: string, prefix: string) => (n.startsWith(prefix) ? Number(n.slice(prefix.length)) : NaN);
  const olds = siblings
    .filter((n) => Number.isInteger(pidOf(n, `${name}.old-`)) && !processAlive(pidOf(n, `${name}.old-`)))
    .map((n) => join(parent, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!existsSync(outDir) && olds.length) {
    renameSync(olds[0], outDir);
    done.push(`restored ${outDir} from ${olds.shift()} (a build stopped between its two renames)`);
  }
  for (const old of olds) {
    rmSync(old, { recursive: true, force: true });
    done.push(`removed ${old}`);
  }
  for (const n of siblings) {
    // A previous dist/ whose background deleter died, or still runs (two deleters are harmless).
    if (n.startsWith(`.${name}.trash-`)) {
      deleteInBackground(join(parent, n));
      done.push(`removing ${join(parent, n)} (a previous output not yet deleted)`);
      continue;
    }
    const pid = pidOf(n, `.${name}.building-`);
    if (Number.isInteger(pid) && !processAlive(pid)) {
      rmSync(join(parent, n), { recursive: true, force: true });
      done.push(`removed ${join(parent, n)} (a build that did not finish)`);
    }
  }
  return done;
}

/**
 * Renames a replaced output folder aside as `.<name>.trash-<pid>-<time>` (which no recovery ever
 * restores) and deletes it in a detached process, so that no build waits for the unlinking of
 * tens of thousands of files. A deleter that dies leaves the folder to the next recovery.
 */
export function discardInBackground(old: string, outDir: string): void {
  if (!existsSync(old)) return;
  const trash = join(dirname(outDir), `.${basename(outDir)}.trash-${process.pid}-${Date.now()}`);
  try {
    renameSync(old, trash);
  } catch {
    rmSync(old, { recursive: true, force: true });
    return;
  }
  deleteInBackground(trash);
}

function deleteInBackground(path: string): void {
  try {
    const child = spawn(process.execPath, ["-e", "try { require('node:fs').rmSync(process.argv[1], { recursive: true, force: true }) } catch {}", path], { detached: true, stdio: "ignore" });
    child.on("error", () => rmSync(path, { recursive: true, force: true }));
    child.unref();
  } catch {
    rmSync(path, { recursive: true, force: true });
  }
}

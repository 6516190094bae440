// dist/ is replaced by two renames (dist → dist.old-<pid>, staging → dist). A crash between them
// leaves no dist/ but a complete dist.old-<pid>; a crash before or after leaves leftovers. The
// next build or `registry serve` calls recoverDist first: it puts the newest complete copy back
// when dist/ is missing, and removes what a dead build left behind (and a replaced dist/ that its
// background deleter, `.dist.trash-*`, did not finish).
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
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
    // A previous dist/ whose background deleter died (or still runs: removing twice is harmless).
    if (n.startsWith(`.${name}.trash-`)) {
      try {
        rmSync(join(parent, n), { recursive: true, force: true });
        done.push(`removed ${join(parent, n)} (a previous output not yet deleted)`);
      } catch {
        /* its deleter is removing it at this moment */
      }
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

// A small, strict argument parser for the commands: unknown options are errors, not ignored.
import { parseArgs } from "node:util";
import { statSync } from "node:fs";

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean }>;

export class UsageError extends Error {}

export function parseCommandArgs<T extends OptionSpec>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const unknown = e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'(-{1,2}[^'\s]+)'/.exec(e.message)?.[1] : undefined;
    const near = unknown ? nearestOption(unknown.replace(/^-+/, ""), Object.keys(options)) : undefined;
    const message = unknown ? `unknown option '${unknown}'${near ? `: did you mean --${near}?` : ""}` : e.message;
    throw new UsageError(`${message}\n\n${usage}`);
  }
}

/** The option closest to a mistyped one (at most 2 edits, or a prefix), for "did you mean". */
export function nearestOption(typed: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = name.startsWith(typed) && typed.length >= 3 ? 1 : editDistance(typed, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance; option names are a few characters, so the quadratic table is tiny. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

export function intOption(value: string | undefined, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// Where the data packages' files are. Read with fs on first use only: nothing is loaded when a
// build has no place names to resolve.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);

export function packageFile(spec: string): string {
  return require.resolve(spec);
}

export function readJsonFile<T>(spec: string): T {
  return JSON.parse(readFileSync(packageFile(spec), "utf8")) as T;
}

/** A value computed once, on first use. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value as T;
  };
}

// Tests read the project's shared fixtures from ../shared/fixtures (never copied here).
// A fresh clone elsewhere has no such folder: tests that need it skip and say why.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const SHARED_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
export const HAVE_SHARED = existsSync(SHARED_FIXTURES);
if (!HAVE_SHARED) {
  console.warn(`skipping tests that need ../shared/fixtures: ${SHARED_FIXTURES} is absent (a clone outside the workspace)`);
}

export function sharedPath(rel: string): string {
  return join(SHARED_FIXTURES, rel);
}
export function sharedText(rel: string): string {
  return readFileSync(sharedPath(rel), "utf8");
}
export function sharedJson<T = any>(rel: string): T {
  return JSON.parse(sharedText(rel)) as T;
}
/** `test` when the shared fixtures are here, `test.skip` otherwise. */
export function withShared<T extends { skip: any }>(t: T): T {
  return (HAVE_SHARED ? t : t.skip) as T;
}

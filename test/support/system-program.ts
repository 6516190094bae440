// Tests that need a system program (nginx, chromium) skip, saying why, where it is absent: a
// machine with only Node still passes `npm test`. CI sets REGISTRY_TEST_REQUIRE (comma-separated
// program names, or "all"): there a missing program is a failure, so CI always runs those tests.
import { existsSync } from "node:fs";

const required = (process.env.REGISTRY_TEST_REQUIRE ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

/** The first existing path among `candidates`, or null after saying why the tests skip. */
export function findSystemProgram(name: string, candidates: string[], installHint: string): string | null {
  const found = candidates.find((p) => existsSync(p)) ?? null;
  if (found) return found;
  if (required.includes(name) || required.includes("all")) {
    // Not a skip: the file fails with the reason.
    throw new Error(`${name} is required here (REGISTRY_TEST_REQUIRE=${required.join(",")}) but is not installed: ${installHint}`);
  }
  console.warn(`skipping tests that need ${name}: it is not installed (${installHint})`);
  return null;
}

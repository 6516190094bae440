// No regular expression in src/ may backtrack super-linearly: many of them read text a library
// controls (documents, feeds, entries). recheck (a static ReDoS checker) looks at every one, so a
// new vulnerable pattern fails `npm test` with its file, line and an attack string.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { check } from "recheck";
import { findRegexes, sourceFiles } from "../support/regex-sources.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Patterns built at run time cannot be checked statically; each one here says why it is safe.
const DYNAMIC_ALLOWED: Record<string, string> = {
  "src/directory/static-host.ts":
    "headerPathRegExp: built from the route table's own constant paths (never request or library text); each segment is `[^/]+` or escaped literals joined by `.*`, anchored at both ends",
  "src/directory/routes.ts": "enumParam: an alternation of constant words, anchored at both ends (no repetition)",
  "src/registry/adobe-vendor-id.ts":
    "elementText/rootMethod: the element names are constants (username, password, authData, user, signInRequest, accountInfoRequest); recheck finds the pattern safe with each",
};

const { found, dynamic } = findRegexes(sourceFiles(join(ROOT, "src")), ROOT);

test("the source's regular expressions are found (literals and RegExp calls)", () => {
  assert.ok(found.length > 50, `only ${found.length} found`);
  assert.ok(found.some((r) => r.file === join("src", "registry", "leak-guard.ts")));
});

test("no pattern is built at run time unless its safety is argued", () => {
  const unexplained = dynamic.filter((d) => !DYNAMIC_ALLOWED[d.file]);
  assert.equal(unexplained, [], "check these by hand and list them in DYNAMIC_ALLOWED, or make them literals");
});

test("recheck finds no super-linear backtracking in any regular expression of src/", async () => {
  const bad: string[] = [];
  for (const r of found) {
    const d = await check(r.source, r.flags, { timeout: 30_000 });
    if (d.status === "safe") continue;
    const why = d.status === "vulnerable" ? `${d.complexity.type}, attack ${d.attack.pattern.slice(0, 120)}` : `unknown (${d.error.kind})`;
    bad.push(`${r.file}:${r.line} /${r.source}/${r.flags}: ${why}`);
  }
  assert.equal(bad, [], `\n${bad.join("\n")}`);
});

test.run();

// Problem types a reference client understands (protocol.md §9): the top-level `type` is the
// reference registries' wherever one applies; our finer type rides along as `subtype` and as the
// `type` of each item of an aggregate.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LS, OURS, PROBLEMS, aggregate, problem, specificType, type ProblemKey } from "../../src/opds/problem.ts";
import { sharedJson, withShared } from "../support/shared.ts";

// Ours alone: HTTP-level answers and registry conditions the reference has no type for (a contact
// change awaiting review is a warning the reference never gives).
const OWN_ONLY = new Set<ProblemKey>(["methodNotAllowed", "noRegistryKey", "busy", "recordsInvalid", "internal", "contactPending"]);

test("every problem but the registry's own conditions goes out with a reference type on top", () => {
  for (const key of Object.keys(PROBLEMS) as ProblemKey[]) {
    const p = problem(key, "why");
    if (OWN_ONLY.has(key)) {
      assert.ok(p.type.startsWith(OURS), key);
      assert.is(p.subtype, undefined, key);
      continue;
    }
    assert.ok(p.type.startsWith(LS), `${key}: ${p.type}`);
    if (PROBLEMS[key].type.startsWith(OURS)) assert.is(p.subtype, PROBLEMS[key].type, key);
    assert.is(specificType(p), PROBLEMS[key].type, key);
  }
});

test("document, link-back, id and extension failures are invalid-integration-document", () => {
  for (const key of ["idMismatch", "missingTitle", "missingStart", "noLinkBack", "notOpds", "invalidExtension", "invalidPublicKey", "malformedJson", "htmlNotJson", "notAuthDocument", "xmlEntities"] as const) {
    const p = problem(key, "x");
    assert.is(p.type, `${LS}invalid-integration-document`, key);
    assert.is(p.title, "Invalid Integration document", key);
    assert.is(p.status, 400, key);
  }
  for (const key of ["forbiddenAddress", "tooManyRedirects", "redirectLoop", "tooLarge", "unsupportedScheme"] as const) {
    assert.is(problem(key).type, `${LS}remote-integration-failed`, key);
  }
  assert.is(problem("deadline").type, `${LS}timeout`);
});

test("an aggregate: reference type on top, each error with its own finer type and title", () => {
  const p = aggregate([problem("idMismatch", "id differs"), problem("missingTitle", "no title")], [problem("invalidExtension", "odd colour")]);
  assert.is(p.type, `${LS}invalid-integration-document`);
  assert.is(p.subtype, `${OURS}id-mismatch`);
  assert.is(p.detail, "id differs no title");
  const errors = p.errors as { type: string; title: string; subtype?: string }[];
  assert.equal(errors.map((e) => e.type), [`${OURS}id-mismatch`, `${OURS}missing-title`]);
  assert.equal(errors.map((e) => e.title), [PROBLEMS.idMismatch.title, PROBLEMS.missingTitle.title]);
  assert.ok(errors.every((e) => e.subtype === undefined));
  assert.equal((p.warnings as { type: string }[]).map((w) => w.type), [`${OURS}invalid-extension`]);
});

withShared(test)("every reference type we send is one the reference registries define", () => {
  const known = new Set(sharedJson<{ documents: { type: string }[] }>("expected-output/problem-details.json").documents.map((d) => d.type));
  for (const key of Object.keys(PROBLEMS) as ProblemKey[]) {
    const t = problem(key).type;
    if (t.startsWith(LS)) assert.ok(known.has(t), `${key}: ${t}`);
  }
});

test.run();

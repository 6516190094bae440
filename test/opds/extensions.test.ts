import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  checkFeatures,
  checkFlowInputs,
  checkFlowLabels,
  checkWebColorScheme,
  readArea,
  readAudiences,
  readCollectionSize,
  readColorScheme,
  readPublicKey,
  readServiceDescription,
  type Findings,
} from "../../src/opds/extensions.ts";
import { PROBLEMS, specificType } from "../../src/opds/problem.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const EXT = PROBLEMS.invalidExtension.type;
const KEY = PROBLEMS.invalidPublicKey.type;
/** Runs one reader on a document and returns its value with the problem types it recorded. */
function run<T>(reader: (doc: Record<string, unknown>, f: Findings) => T, doc: Record<string, unknown>) {
  const f: Findings = { errors: [], warnings: [] };
  const value = reader(doc, f);
  return { value, errors: f.errors.map((p) => specificType(p)), warnings: f.warnings.map((p) => specificType(p)), details: [...f.errors, ...f.warnings].map((p) => p.detail ?? "") };
}
const clean = { errors: [] as string[], warnings: [] as string[] };

// service_description (§3.1)
test("service_description: a string is kept", () => {
  const r = run(readServiceDescription, { service_description: "Books." });
  assert.equal([r.value, r.errors, r.warnings], ["Books.", [], []]);
});
test("service_description: a non-string is a warning and dropped", () => {
  const r = run(readServiceDescription, { service_description: 5 });
  assert.equal([r.value, r.errors, r.warnings], [undefined, [], [EXT]]);
});

// color_scheme (§3.2)
test("color_scheme: a known value from either list is clean", () => {
  for (const c of ["gold", "bluegray", "red"]) assert.equal(run(readColorScheme, { color_scheme: c }).warnings, []);
});
test("color_scheme: an unknown string is kept with a warning", () => {
  const r = run(readColorScheme, { color_scheme: "chartreuse" });
  assert.equal([r.value, r.warnings], ["chartreuse", [EXT]]);
});
test("color_scheme: a non-string is a warning and dropped", () => {
  const r = run(readColorScheme, { color_scheme: ["red"] });
  assert.equal([r.value, r.warnings], [undefined, [EXT]]);
});

// web_color_scheme (§3.3)
test("web_color_scheme: the CM's four hex keys are clean", () => {
  const r = run(checkWebColorScheme, { web_color_scheme: { primary: "#1b4f72", secondary: "#fff", background: "#1b4f72", foreground: "#FFFFFF" } });
  assert.equal([r.errors, r.warnings], [[], []]);
});
test("web_color_scheme: a non-hex value or a non-object is a warning", () => {
  assert.equal(run(checkWebColorScheme, { web_color_scheme: { background: "blue" } }).warnings, [EXT]);
  assert.equal(run(checkWebColorScheme, { web_color_scheme: "#fff" }).warnings, [EXT]);
});

// collection_size (§3.4, B17)
test("collection_size: a whole number", () => {
  assert.equal(run(readCollectionSize, { collection_size: 25000 }).value, 25000);
});
test("collection_size: zero is allowed", () => {
  assert.equal(run(readCollectionSize, { collection_size: 0 }).value, 0);
});
test("collection_size: an object of languages", () => {
  const r = run(readCollectionSize, { collection_size: { eng: 21000, spa: 3500, chi: 12 } });
  assert.equal([r.value, r.errors, r.warnings], [{ eng: 21000, spa: 3500, chi: 12 }, [], []]);
});
test("collection_size: a numeric string is tolerated with a warning", () => {
  const r = run(readCollectionSize, { collection_size: "100" });
  assert.equal([r.value, r.errors, r.warnings], [100, [], [EXT]]);
});
test("collection_size: a negative number is an error", () => {
  const r = run(readCollectionSize, { collection_size: -5 });
  assert.equal([r.value, r.errors], [undefined, [EXT]]);
  assert.match(r.details[0], /cannot be negative/);
});
test("collection_size: a fraction is an error", () => {
  assert.equal(run(readCollectionSize, { collection_size: 12.5 }).errors, [EXT]);
});
test("collection_size: a non-numeric string is an error with a clear message", () => {
  const r = run(readCollectionSize, { collection_size: "lots" });
  assert.equal(r.errors, [EXT]);
  assert.match(r.details[0], /whole number, got "lots"/);
});
test("collection_size: another type is an error", () => {
  const r = run(readCollectionSize, { collection_size: [1, 2] });
  assert.equal(r.errors, [EXT]);
  assert.match(r.details[0], /number or an object mapping language codes/);
});
test("collection_size: one bad language entry fails the whole member, naming the key", () => {
  const r = run(readCollectionSize, { collection_size: { eng: 10, spa: "many" } });
  assert.equal([r.value, r.errors], [undefined, [EXT]]);
  assert.match(r.details[0], /collection_size\.spa/);
});
test("collection_size: an odd language key is a warning", () => {
  const r = run(readCollectionSize, { collection_size: { English: 10 } });
  assert.equal([r.value, r.errors, r.warnings], [{ English: 10 }, [], [EXT]]);
});
withShared(test)("fixture: Ansonia's per-language collection_size", () => {
  const r = run(readCollectionSize, sharedJson("auth-documents/palace-test-ansonia-real-document.json"));
  assert.equal([r.value, r.errors, r.warnings], [{ eng: 100, spa: 20 }, [], []]);
});

// audience / audiences (§3.5)
test("audience: absent means public", () => {
  assert.equal(run(readAudiences, {}), { value: ["public"], ...clean, details: [] });
});
test("audience: a list is kept", () => {
  assert.equal(run(readAudiences, { audience: ["research", "educational-primary"] }).value, ["research", "educational-primary"]);
});
test("audiences (plural) is the fallback key", () => {
  assert.equal(run(readAudiences, { audiences: ["research"] }).value, ["research"]);
});
test("audience wins over audiences, with a warning", () => {
  const r = run(readAudiences, { audience: ["research"], audiences: ["public"] });
  assert.equal([r.value, r.warnings], [["research"], [EXT]]);
});
test("audience: a bare string is wrapped", () => {
  const r = run(readAudiences, { audience: "research" });
  assert.equal([r.value, r.errors, r.warnings], [["research"], [], []]);
});
test("audience: a non-list is an error", () => {
  const r = run(readAudiences, { audience: { a: 1 } });
  assert.equal(r.errors, [EXT]);
  assert.match(r.details[0], /must be a list/);
});
test("audience: unknown values are kept as other, with a warning", () => {
  const r = run(readAudiences, { audience: ["public", "wizards", "muggles"] });
  assert.equal([r.value, r.errors, r.warnings], [["public", "other"], [], [EXT, EXT]]);
});
test("audience: the early name disability-access reads as print-disability", () => {
  assert.equal(run(readAudiences, { audience: ["disability-access"] }).value, ["print-disability"]);
});
test("audience: a non-string item is an error", () => {
  assert.equal(run(readAudiences, { audience: ["public", 3] }).errors, [EXT]);
});
test("audience: an empty list assumes public, with a warning", () => {
  const r = run(readAudiences, { audience: [] });
  assert.equal([r.value, r.warnings], [["public"], [EXT]]);
});

// service_area / focus_area (§3.6)
const areaOk: Array<[string, unknown]> = [
  ["everywhere", "everywhere"],
  ["a nation everywhere", { US: "everywhere" }],
  ["a nation with a list", { US: ["CA", "Lawrence, KS", "60604"] }],
  ["a nation with one name", { US: "Kansas" }],
  ["mixed nations", { US: "everywhere", CA: ["Toronto, ON"] }],
  ["a bare name", "Boston, MA"],
  ["a bare list", ["Springfield, MA", "02108"]],
  ["an empty nation list", { US: [] }],
  ["a GeoJSON Polygon", { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }],
  ["a GeoJSON Feature", { type: "Feature", geometry: { type: "Point", coordinates: [0, 0] }, properties: {} }],
  ["a GeoJSON FeatureCollection", { type: "FeatureCollection", features: [] }],
];
for (const [name, area] of areaOk) {
  test(`service_area: ${name} is accepted and kept raw`, () => {
    const r = run((d, f) => readArea(d, "service_area", f), { service_area: area });
    assert.equal([r.value, r.errors, r.warnings], [area, [], []]);
  });
}
const areaBad: Array<[string, unknown]> = [
  ["a number", 42],
  ["a boolean", true],
  ["a list with a number", ["Boston, MA", 7]],
  ["a nation mapped to a number", { US: 5 }],
  ["a nation mapped to an object", { US: { state: "KS" } }],
  ["a nation list with null", { US: ["KS", null] }],
  ["GeoJSON without coordinates", { type: "Polygon" }],
];
for (const [name, area] of areaBad) {
  test(`service_area: ${name} is an error`, () => {
    const r = run((d, f) => readArea(d, "service_area", f), { service_area: area });
    assert.equal([r.value, r.errors], [undefined, [EXT]]);
  });
}
test("focus_area is checked the same way, under its own name", () => {
  const r = run((d, f) => readArea(d, "focus_area", f), { focus_area: 3 });
  assert.equal(r.errors, [EXT]);
  assert.match(r.details[0], /'focus_area'/);
});
test("service_area: a key that is not an alpha-2 nation is a warning", () => {
  const r = run((d, f) => readArea(d, "service_area", f), { service_area: { USA: ["KS"] } });
  assert.equal([r.errors, r.warnings], [[], [EXT]]);
});
test("service_area: null or an empty string is treated as absent, with a warning", () => {
  for (const v of [null, " "]) {
    const r = run((d, f) => readArea(d, "service_area", f), { service_area: v });
    assert.equal([r.value, r.errors, r.warnings], [undefined, [], [EXT]]);
  }
});
withShared(test)("fixture: every input of service-area-parsing-cases.json has an accepted shape", () => {
  const file = sharedJson("coverage/service-area-parsing-cases.json");
  const inputs: Array<[string, unknown]> = (file.cases as Array<{ input: unknown }>).filter((c) => c.input !== null).map((c) => ["service_area", c.input]);
  for (const ex of Object.values(file.wiki_examples as Record<string, Record<string, unknown>>)) inputs.push(...Object.entries(ex));
  assert.ok(inputs.length > 10);
  for (const [key, area] of inputs) {
    const r = run((d, f) => readArea(d, key as "service_area" | "focus_area", f), { [key]: area });
    assert.equal(r.errors, [], `${JSON.stringify(area)}: ${r.details.join("; ")}`);
    assert.equal(r.value, area);
  }
});

// public_key (§3.7, B7)
test("public_key: an RSA object is returned raw", () => {
  const key = { type: "RSA", value: "-----BEGIN PUBLIC KEY-----\n…" };
  const r = run(readPublicKey, { public_key: key });
  assert.is(r.value, key);
  assert.equal(r.errors, []);
});
test("public_key: absent is fine", () => {
  assert.equal(run(readPublicKey, {}), { value: undefined, ...clean, details: [] });
});
withShared(test)("fixture: Ansonia's bare-string public_key is invalidPublicKey", () => {
  const r = run(readPublicKey, sharedJson("auth-documents/palace-test-ansonia-real-document.json"));
  assert.equal([r.value, r.errors], [undefined, [KEY]]);
  assert.match(r.details[0], /bare string/);
});
test("public_key: a type other than RSA is invalidPublicKey", () => {
  const r = run(readPublicKey, { public_key: { type: "EC", value: "x" } });
  assert.equal(r.errors, [KEY]);
  assert.match(r.details[0], /"EC"/);
});
test("public_key: a missing value or type is invalidPublicKey", () => {
  assert.equal(run(readPublicKey, { public_key: { type: "RSA" } }).errors, [KEY]);
  assert.equal(run(readPublicKey, { public_key: { value: "x" } }).errors, [KEY]);
  assert.equal(run(readPublicKey, { public_key: 5 }).errors, [KEY]);
});

// features (§3.14)
test("features: lists of URIs are clean", () => {
  assert.equal(run(checkFeatures, { features: { enabled: [], disabled: ["https://librarysimplified.org/rel/policy/reservations"] } }).warnings, []);
});
test("features: a non-object or a non-list member is a warning", () => {
  assert.equal(run(checkFeatures, { features: ["x"] }).warnings, [EXT]);
  assert.equal(run(checkFeatures, { features: { disabled: "x" } }).warnings, [EXT]);
});

// flow inputs (§3.13) and labels
const flowRun = (reader: typeof checkFlowInputs, flow: Record<string, unknown>) => run((d, f) => reader(d, "authentication[0]", f), flow);
test("inputs: the documented values are clean, case-insensitively", () => {
  const r = flowRun(checkFlowInputs, { inputs: { login: { keyboard: "number pad", maximum_length: 14, barcode_format: "CODABAR" }, password: { keyboard: null, maximum_length: 0 } } });
  assert.equal(r.warnings, []);
});
test("inputs: an unknown keyboard, a bad maximum_length and an unknown barcode are warnings", () => {
  const r = flowRun(checkFlowInputs, { inputs: { login: { keyboard: "full", maximum_length: -1, barcode_format: "QR" }, password: { keyboard: "Default" } } });
  assert.equal(r.warnings, [EXT, EXT, EXT]);
  assert.equal(r.errors, []);
});
test("inputs: a missing password entry is a warning (iOS rejects it)", () => {
  const r = flowRun(checkFlowInputs, { inputs: { login: { keyboard: "Default" } } });
  assert.equal(r.warnings, [EXT]);
  assert.match(r.details[0], /password/);
});
test("inputs: a non-object is a warning", () => {
  assert.equal(flowRun(checkFlowInputs, { inputs: "x" }).warnings, [EXT]);
});
test("labels: both strings are clean; a missing one is a warning", () => {
  assert.equal(flowRun(checkFlowLabels, { labels: { login: "Card", password: "PIN" } }).warnings, []);
  assert.equal(flowRun(checkFlowLabels, { labels: { login: "Card" } }).warnings, [PROBLEMS.invalidDocument.type]);
});

test.run();

import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeJsonBody, decodeText } from "../../src/opds/body.ts";
import { jsonNestingDepth, locateJsonError } from "../../src/opds/json-syntax.ts";
import { PROBLEMS, specificType, type Problem } from "../../src/opds/problem.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
function problemOf(r: { value: unknown } | { problem: Problem }): Problem {
  assert.ok("problem" in r, `expected a problem, got ${JSON.stringify(r)}`);
  return (r as { problem: Problem }).problem;
}

test("a JSON object decodes", () => {
  const r = decodeJsonBody(enc('{"id": "x", "n": [1, 2]}'), "application/json");
  assert.equal(r, { value: { id: "x", n: [1, 2] } });
});

test("non-ASCII UTF-8 decodes", () => {
  const r = decodeJsonBody(enc('{"title": "Bibliothèque 図書館"}'), null);
  assert.equal(r, { value: { title: "Bibliothèque 図書館" } });
});

test("a UTF-8 byte-order mark is byteOrderMark, not malformed JSON", () => {
  const p = problemOf(decodeJsonBody(new Uint8Array([0xef, 0xbb, 0xbf, ...enc("{}")]), "application/json"));
  assert.is(specificType(p), PROBLEMS.byteOrderMark.type);
  assert.match(p.detail!, /byte-order mark/);
});

test("a UTF-16 byte-order mark is byteOrderMark", () => {
  const p = problemOf(decodeJsonBody(bytes(0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00), null));
  assert.is(specificType(p), PROBLEMS.byteOrderMark.type);
});

test("invalid UTF-8 is invalidEncoding with the offset of the bad byte", () => {
  const p = problemOf(decodeJsonBody(new Uint8Array([...enc('{"a": "'), 0xc3, 0x28, ...enc('"}')]), null));
  assert.is(specificType(p), PROBLEMS.invalidEncoding.type);
  assert.match(p.detail!, /offset 8/);
});

test("Latin-1 bytes are invalidEncoding, never U+FFFD", () => {
  const p = problemOf(decodeJsonBody(bytes(...enc('{"t":"caf'), 0xe9, ...enc('"}')), null));
  assert.is(specificType(p), PROBLEMS.invalidEncoding.type);
});

test("a body starting with '<' is htmlNotJson", () => {
  const p = problemOf(decodeJsonBody(enc("  \n<!DOCTYPE html><html>login</html>"), "application/json"));
  assert.is(specificType(p), PROBLEMS.htmlNotJson.type);
});

test("a text/html content type is htmlNotJson whatever the body", () => {
  const p = problemOf(decodeJsonBody(enc("{}"), "text/html; charset=utf-8"));
  assert.is(specificType(p), PROBLEMS.htmlNotJson.type);
  assert.match(p.detail!, /text\/html/);
});

test("malformed JSON gives line and column from V8's position", () => {
  const p = problemOf(decodeJsonBody(enc('{\n  "a": 1,\n  "b": 2,\n}'), null));
  assert.is(specificType(p), PROBLEMS.malformedJson.type);
  assert.match(p.detail!, /line 4, column 1/);
});

test("malformed JSON without a position in V8's message still gets one", () => {
  // V8 says "Unexpected token '}', ... is not valid JSON" with no position for this one.
  const p = problemOf(decodeJsonBody(enc('{"a":\n }'), null));
  assert.is(specificType(p), PROBLEMS.malformedJson.type);
  assert.match(p.detail!, /line 2, column 2 \(offset 7\)/);
});

test("truncated JSON points at the end", () => {
  const p = problemOf(decodeJsonBody(enc('{"a": [1, 2'), null));
  assert.is(specificType(p), PROBLEMS.malformedJson.type);
  assert.match(p.detail!, /offset 11/);
});

test("an empty body is malformedJson", () => {
  const p = problemOf(decodeJsonBody(enc("  "), null));
  assert.is(specificType(p), PROBLEMS.malformedJson.type);
  assert.match(p.detail!, /empty/);
});

test("nesting deeper than maxDepth is tooDeep", () => {
  const p = problemOf(decodeJsonBody(enc("[".repeat(5) + "]".repeat(5)), null, { maxDepth: 4 }));
  assert.is(specificType(p), PROBLEMS.tooDeep.type);
  assert.equal(decodeJsonBody(enc("[[[[]]]]"), null, { maxDepth: 4 }), { value: [[[[]]]] });
});

test("a 100k-deep array is tooDeep without a stack overflow", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const p = problemOf(decodeJsonBody(enc(deep), null));
  assert.is(specificType(p), PROBLEMS.tooDeep.type);
  assert.match(p.detail!, /64/);
});

test("a 100k-deep unclosed array is tooDeep too", () => {
  const p = problemOf(decodeJsonBody(enc('{"a":' + "[".repeat(100_000)), null));
  assert.is(specificType(p), PROBLEMS.tooDeep.type);
});

test("brackets inside strings do not count as nesting", () => {
  const s = JSON.stringify({ s: "[".repeat(1000) + '\\"{{{' });
  assert.is(jsonNestingDepth(s), 1);
  assert.ok("value" in decodeJsonBody(enc(s), null));
});

test("jsonNestingDepth crossing strings whole answers as a scan character by character does", () => {
  // the scan it replaced, kept here as the reference
  const reference = (text: string, limit = Infinity) => {
    let depth = 0, deepest = 0, inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "[" || c === "{") {
        depth++;
        if (depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
      } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    }
    return deepest;
  };
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const alphabet = ['"', '"', "\\", "[", "]", "{", "}", "a", ",", ":"];
  for (let k = 0; k < 5000; k++) {
    const text = Array.from({ length: Math.floor(rand() * 60) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
    const limit = k % 3 === 0 ? 2 : Infinity;
    assert.is(jsonNestingDepth(text, limit), reference(text, limit), JSON.stringify(text));
  }
  for (const text of ['{"a":"x\\"]"}', '["\\\\"]', '{"s":"\\', '["a', '"\\"', '[[""]]', '{"logo":"data:image/png;base64,' + "A".repeat(50_000) + '"}']) {
    assert.is(jsonNestingDepth(text), reference(text), text.slice(0, 40));
  }
});

test("jsonNestingDepth stays linear on strings of many escapes and on many short strings", () => {
  const escapes = '["' + "\\a".repeat(400_000) + '"]';
  const strings = "[" + '"a",'.repeat(400_000) + '"b"]';
  for (const text of [escapes, strings]) {
    const t = performance.now();
    assert.is(jsonNestingDepth(text), 1);
    assert.ok(performance.now() - t < 1000, `${text.length} characters in ${(performance.now() - t).toFixed(0)} ms`);
  }
});

test("locateJsonError finds the first bad character and accepts valid JSON", () => {
  assert.is(locateJsonError('{"a": [1, 2, {"b": null}], "c": "x\\u00e9"}'), -1);
  assert.is(locateJsonError('{"a": tru}'), 9);
  assert.is(locateJsonError('[1, 2,]'), 6);
  assert.is(locateJsonError('{"a" 1}'), 5);
  assert.is(locateJsonError('"ab'), 3);
  assert.is(locateJsonError('[01]'), 2);
  assert.is(locateJsonError("[1] x"), 4);
  assert.is(locateJsonError("[".repeat(200_000)), 200_000);
});

test("decodeText strips a UTF-8 BOM (legal in XML)", () => {
  const r = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc("<feed/>")]));
  assert.equal(r, { text: "<feed/>" });
});

test("decodeText refuses invalid UTF-8", () => {
  const r = decodeText(bytes(0x3c, 0x61, 0xff, 0x3e));
  assert.ok("problem" in r && specificType(r.problem) === PROBLEMS.invalidEncoding.type);
});

test("decodeText refuses UTF-16", () => {
  const r = decodeText(bytes(0xfe, 0xff, 0x00, 0x3c));
  assert.ok("problem" in r && specificType(r.problem) === PROBLEMS.invalidEncoding.type);
});

test.run();

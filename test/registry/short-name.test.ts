import { test } from "uvu";
import * as assert from "uvu/assert";
import { isValidShortName, newShortName } from "../../src/registry/short-name.ts";

test("six uppercase letters", () => {
  for (let i = 0; i < 50; i++) assert.match(newShortName(new Set()), /^[A-Z]{6}$/);
});

test("a taken name is skipped", () => {
  // The stub gives AAAAAA first, then BBBBBB.
  let call = 0;
  const stub = () => Math.floor(call++ / 6);
  assert.is(newShortName(new Set(["AAAAAA"]), stub), "BBBBBB");
});

test("after 20 clashes it gives up with a clear error", () => {
  let calls = 0;
  const always = () => (calls++, 0);
  assert.throws(() => newShortName(new Set(["AAAAAA"]), always), /could not find an unused short name in 20 attempts/);
  assert.is(calls, 20 * 6);
});

test("a broken random source is an error, not a name with 'undefined' in it", () => {
  assert.throws(() => newShortName(new Set(), () => 26), /outside 0\.\.25/);
});

test("isValidShortName", () => {
  for (const s of ["UDAXIH", "NYNYPL", "LIBRARY", "A1B2C3", "X"]) assert.ok(isValidShortName(s), s);
  for (const s of ["", "udaxih", "UDA|XIH", "A LIBRARY", "ABCDEFGHIJK", 42, null]) assert.not.ok(isValidShortName(s), String(s));
});

test.run();

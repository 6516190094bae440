// An unknown flag names the nearest real one, so a typo is fixed without reading --help.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { UsageError, nearestOption, parseCommandArgs } from "../../scripts/args.ts";

const OPTIONS = { offline: { type: "boolean" }, out: { type: "string" }, "update-snapshots": { type: "boolean" } } as const;

test("--ofline suggests --offline", () => {
  try {
    parseCommandArgs(["--ofline"], OPTIONS, "usage: registry build");
    assert.unreachable("an unknown flag must be refused");
  } catch (err) {
    assert.instance(err, UsageError);
    assert.match((err as Error).message, "'--ofline'");
    assert.match((err as Error).message, "did you mean --offline?");
  }
});

test("a prefix and a near miss find their option; a far-off word suggests nothing", () => {
  assert.is(nearestOption("update", Object.keys(OPTIONS)), "update-snapshots");
  assert.is(nearestOption("ot", Object.keys(OPTIONS)), "out");
  assert.is(nearestOption("frobnicate", Object.keys(OPTIONS)), undefined);
});

test("registry token --help says the circulation manager encodes expiry as seconds since 1970", async () => {
  const { help } = await import("../../scripts/commands/token.ts");
  assert.match(help, /circulation\s+manager encodes a token's expiry as seconds since 1970/);
  assert.match(help, /older form, minutes since 2017-01-01/);
});

test.run();

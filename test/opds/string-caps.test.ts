// Every string the registry keeps from a document has a cap; the handshake refuses a document
// whose kept members are longer, naming each one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MAX_LOGO_HREF_CHARS, MAX_STRING_CHARS, oversizeStrings } from "../../src/opds/string-caps.ts";

test("strings within the caps pass; each longer one is named by its path", () => {
  const ok = { title: "t".repeat(MAX_STRING_CHARS), logo: { href: "d".repeat(MAX_LOGO_HREF_CHARS) }, help: ["mailto:a@b.example"] };
  assert.equal(oversizeStrings(ok), []);
  const bad = {
    title: "t".repeat(MAX_STRING_CHARS + 1),
    description: " ".repeat(40_000),
    help: ["x", "h".repeat(MAX_STRING_CHARS + 1)],
    logo: { href: "d".repeat(MAX_LOGO_HREF_CHARS + 1) },
    service_area: { US: ["a".repeat(MAX_STRING_CHARS + 1)] },
  };
  const details = oversizeStrings(bad).map((p) => p.detail);
  for (const path of ["title", "description", "help.1", "logo.href", "service_area.US.0"]) {
    assert.ok(details.some((d) => d?.startsWith(`'${path}' is `)), `${path}: ${details.join(" | ")}`);
  }
  assert.is(details.length, 5);
});

test.run();

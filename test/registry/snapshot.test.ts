import { test } from "uvu";
import * as assert from "uvu/assert";
import { isoSeconds, sameInfo, snapshotInfo } from "../../src/registry/snapshot.ts";
import type { LibraryInfo } from "../../src/opds/library-info.ts";

const info: LibraryInfo = { id: "https://l.example/auth", title: "L", start: { href: "https://l.example/", type: "x" }, help: ["mailto:h@l.example"], copyright_agent: [], anonymous_access: false, audiences: ["public"] };

test("key order and absent members are no change; a changed value is", () => {
  const reordered = { audiences: ["public"], anonymous_access: false, copyright_agent: [], help: ["mailto:h@l.example"], start: { type: "x", href: "https://l.example/" }, title: "L", id: "https://l.example/auth", description: undefined };
  assert.ok(sameInfo(info, reordered as LibraryInfo));
  assert.not.ok(sameInfo(info, { ...info, title: "L2" }));
  assert.not.ok(sameInfo(info, { ...info, help: [] }));
});

test("a snapshot's info is the snapshot without its validation time", () => {
  assert.equal(snapshotInfo({ ...info, validated: "2026-01-01T00:00:00Z" } as never), info);
});

test("times are whole seconds in UTC", () => {
  assert.is(isoSeconds(new Date("2026-03-04T05:06:07.891Z")), "2026-03-04T05:06:07Z");
});

test.run();

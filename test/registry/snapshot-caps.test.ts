// What a snapshot keeps of the members a library controls is capped, with a warning for each cut.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { capLibraryInfo, SNAPSHOT_CAPS } from "../../src/registry/snapshot-caps.ts";
import type { LibraryInfo } from "../../src/opds/library-info.ts";

const base: LibraryInfo = {
  id: "https://cm.example/auth",
  title: "Library",
  start: { href: "https://cm.example/" },
  help: ["mailto:help@x.example"],
  copyright_agent: [],
  anonymous_access: false,
  audiences: ["public"],
};

test("a typical library is kept whole, without warnings", () => {
  const info = { ...base, description: "E-books for Springfield.", service_area: { US: ["Springfield, IL"] }, collection_size: { eng: 10 } };
  assert.equal(capLibraryInfo(info), { info, warnings: [] });
});

test("long texts are shortened, long lists cut, huge areas and overlong links left out; each with a warning", () => {
  const long = "x".repeat(SNAPSHOT_CAPS.url + 1);
  const { info, warnings } = capLibraryInfo({
    ...base,
    title: "T".repeat(500),
    description: "é".repeat(5000),
    website: `https://w.example/${long}`,
    help: Array.from({ length: 12 }, (_, i) => `mailto:h${i}@x.example`),
    service_area: { US: Array.from({ length: 3000 }, (_, i) => String(10000 + i)) },
    focus_area: { US: ["Springfield, IL"] },
    collection_size: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${i}`, i])),
    color_scheme: "c".repeat(100),
  });
  assert.is(info.title.length, SNAPSHOT_CAPS.title);
  assert.ok(info.title.endsWith("…"));
  assert.is(info.description!.length, SNAPSHOT_CAPS.description);
  assert.is(info.website, undefined);
  assert.is(info.help.length, SNAPSHOT_CAPS.links);
  assert.is(info.service_area, undefined);
  assert.equal(info.focus_area, { US: ["Springfield, IL"] });
  assert.is(info.collection_size, undefined);
  assert.is(info.color_scheme, undefined);
  assert.is(warnings.length, 7, warnings.join("\n"));
  assert.ok(JSON.stringify(info).length < 4000);
});

test("a cut never splits a character made of two UTF-16 units", () => {
  const { info } = capLibraryInfo({ ...base, title: "📚".repeat(300) });
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(info.title), "no lone high surrogate");
  assert.ok(info.title.length <= SNAPSHOT_CAPS.title);
});

test("the input is not modified", () => {
  const input = { ...base, help: Array.from({ length: 9 }, (_, i) => `mailto:h${i}@x.example`) };
  capLibraryInfo(input);
  assert.is(input.help.length, 9);
});

test.run();

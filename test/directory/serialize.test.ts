// Feed text assembled from entries serialized once, in pieces for large feeds: byte for byte
// JSON.stringify of the feed, and every piece shown to the leak check.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FeedSerializer } from "../../src/directory/serialize.ts";
import type { CatalogsFeed } from "../../src/directory/documents.ts";

const feedOf = (n: number): CatalogsFeed => ({
  metadata: { title: "T" } as CatalogsFeed["metadata"],
  links: [{ rel: "self", href: "https://r.example/libraries" }],
  catalogs: Array.from({ length: n }, (_, i) => ({ metadata: { id: `urn:uuid:${i}`, title: `L${i}`, updated: "2026-01-01T00:00:00Z", modified: "2026-01-01T00:00:00Z" }, links: [] })),
});

test("a feed's text, whole or in pieces, is JSON.stringify of it, whatever its size", () => {
  for (const n of [0, 1, 199, 200, 201, 1234]) {
    const feed = feedOf(n);
    const json = new FeedSerializer();
    assert.is(json.feed(feed), JSON.stringify(feed), `${n} entries`);
    const pieces = [...json.chunks(feed)];
    assert.is(pieces.join(""), JSON.stringify(feed), `${n} entries in pieces`);
    if (n > 400) assert.ok(pieces.length > 3 && Math.max(...pieces.map((p) => p.length)) < JSON.stringify(feed).length / 2, "never one string");
  }
});

test("pieces stay under V8's large-object size even when a character beyond Latin-1 makes them two bytes a character", () => {
  // entries of realistic size (about 1.4 KB), each with a curly quote in its description
  const feed = feedOf(3000);
  for (const e of feed.catalogs) e.metadata.description = `The library\u2019s ${"collection ".repeat(110)}`;
  const json = new FeedSerializer();
  const pieces = [...json.chunks(feed)];
  assert.is(pieces.join(""), JSON.stringify(feed));
  const entryChars = JSON.stringify(feed.catalogs[0]).length;
  assert.ok(entryChars > 1300 && entryChars < 1500, `entries of ${entryChars} characters`);
  // 2 bytes a character: under 64K characters is under 128 KB
  for (const p of pieces) assert.ok(p.length < 32_000 + entryChars && p.length * 2 < 128 * 1024, `a piece of ${p.length} characters`);
  assert.ok(pieces.length > 100, `${pieces.length} pieces`);
});

test("each entry is shown to the check once however many feeds hold it, and each feed's head", () => {
  const seen: string[] = [];
  const json = new FeedSerializer((_text, what) => seen.push(what));
  const feed = feedOf(3);
  json.feed(feed);
  json.feed({ ...feed, metadata: { title: "Other" } as CatalogsFeed["metadata"] });
  assert.equal(seen.filter((w) => w.startsWith("entry")).length, 3);
  assert.equal(seen.filter((w) => w.startsWith("feed")), ["feed T", "feed Other"]);
});

test.run();

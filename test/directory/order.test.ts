// Title order: case and accent insensitive first, then exact, then id; the same whether a sort
// uses the ranks a build computed once or the collator.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rankTitles, sortByTitle } from "../../src/directory/order.ts";
import { library } from "../fixtures/directory/sample-libraries.ts";

const titles = ["Zebra", "ábc", "Abc", "abd", "Library 10", "Library 9", "library 9", "Élan", "elan"];

test("sorting by rank gives the collator's order, for the whole set and any part of it", () => {
  const libs = titles.map((t, i) => library(i + 1, { info: { title: t } }));
  const plain = sortByTitle(libs).map((l) => l.info.title);
  assert.equal(plain.slice(0, 3), ["Abc", "ábc", "abd"]);
  assert.ok(plain.indexOf("Library 9") < plain.indexOf("Library 10"), "numbers compare as numbers");
  rankTitles(libs);
  assert.equal(sortByTitle([...libs].reverse()).map((l) => l.info.title), plain);
  const part = libs.filter((_, i) => i % 2 === 0);
  assert.equal(sortByTitle(part).map((l) => l.info.title), plain.filter((t) => part.some((l) => l.info.title === t)));
  // one library the ranks do not know: the collator decides, with the same answer
  const stranger = library(99, { info: { title: "Abe" } });
  assert.equal(sortByTitle([stranger, ...part]).map((l) => l.info.title)[1], "Abe");
});

test.run();

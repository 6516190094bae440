// The SiteWriter's pages: what Eleventy rendered goes to disk on the background writer, inside the
// output folder only, and is not hashed (a page's manifest hash is the hash of its inputs).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SiteWriter } from "../../src/directory/site-writer.ts";
import { BackgroundWriter } from "../../src/build/background-writer.ts";

test("a rendered page is written by the background writer at its path, unhashed; a path outside the folder is refused", async () => {
  const root = mkdtempSync(join(tmpdir(), "site-writer-"));
  const out = new BackgroundWriter();
  try {
    const writer = new SiteWriter(root, undefined, out);
    writer.writePage(join(root, "info", "a.html"), "<p>A</p>");
    writer.writePage("list/index.html", "<p>list</p>");
    assert.throws(() => writer.writePage(join(root, "..", "escaped.html"), "<p>no</p>"), /outside the output folder/);
    assert.throws(() => writer.writePage(root, "<p>no</p>"), /outside the output folder/);
    await out.flush();
    assert.is(readFileSync(join(root, "info", "a.html"), "utf8"), "<p>A</p>");
    assert.is(readFileSync(join(root, "list", "index.html"), "utf8"), "<p>list</p>");
    assert.is(writer.hashes.size, 0);
    assert.is(out.writtenHashes.size, 0);
  } finally {
    await out.close();
  }
});

test.run();

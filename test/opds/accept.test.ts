import { test } from "uvu";
import * as assert from "uvu/assert";
import { prefersHtml } from "../../src/opds/accept.ts";

const CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

test("browsers prefer HTML", () => {
  for (const a of [CHROME, FIREFOX, SAFARI, "text/html", "TEXT/HTML; q=0.9, */*;q=0.1"]) assert.ok(prefersHtml(a), a);
});

test("the circulation manager, curl, apps and API clients get OPDS", () => {
  for (const a of [undefined, null, "", "*/*", "application/opds+json", "application/json", "application/opds+json, */*;q=0.5",
    "text/html;q=0.5, application/opds+json", "text/html, application/opds+json", "text/html;q=0", "application/*, text/html;q=0.9", "text/*;q=0.1"]) {
    assert.not.ok(prefersHtml(a), String(a));
  }
});

test("a hostile header is cheap and never throws", () => {
  assert.not.ok(prefersHtml(",".repeat(100_000) + "text/html"));
  assert.not.ok(prefersHtml("text/html;q=abc, */*"));
});

test.run();

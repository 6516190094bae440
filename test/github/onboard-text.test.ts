// What the robot writes in public: never a contact address, nothing that breaks out of a code span.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { publicDocument, successComment, failureComment } from "../../src/github/onboard-text.ts";
import { code, plainWords } from "../../src/github/plain-words.ts";
import { REL } from "../../src/opds/media-types.ts";
import { problem, aggregate } from "../../src/opds/problem.ts";

const doc = {
  metadata: { id: "urn:uuid:1", title: "L", short_name: "ABCDEF", shared_secret: "c2VjcmV0" },
  links: [
    { rel: REL.integrationContact, href: "mailto:private@lib.example" },
    { rel: "help", href: "mailto:help@lib.example" },
  ],
  warnings: [{ type: "x", title: "y", status: 200 }],
};

test("the comment's registration document never carries the contact address", () => {
  assert.equal(publicDocument(doc).links, [{ rel: "help", href: "mailto:help@lib.example" }]);
  const body = successComment({ document: doc, warnings: [], prNumber: 3, prUrl: "https://github.example/pr/3", created: true, url: "https://lib.example/auth" });
  assert.not.match(body, "private@lib.example");
  assert.match(body, "c2VjcmV0");
  assert.match(body, "`ABCDEF`");
});

test("a rerun that could not re-send the secret says so instead of claiming none was issued", () => {
  const body = successComment({ document: { metadata: { short_name: "ABCDEF" } }, warnings: [], prNumber: 3, prUrl: "u", created: false, url: "https://lib.example/auth" });
  assert.match(body, "could not be re-sent this time");
  assert.not.match(body, "No shared secret was issued");
});

test("text a library controls stays inside one code span: no backticks, no new lines, capped", () => {
  assert.is(code("a`b\nc"), "`a b c`");
  assert.is(code("x".repeat(400)).length, 300 + 3);
  const body = failureComment(problem("missingTitle", "```\n@everyone <img src=x>"), "https://lib.example/auth");
  assert.not.match(body, "```");
  assert.match(body, "`@everyone <img src=x>`");
});

test("plain words key off the fine type in errors[], also under a reference type on top", () => {
  const p = aggregate([problem("noLinkBack", "no link"), problem("idMismatch", "wrong id")]);
  const words = plainWords(p, "https://lib.example/auth");
  assert.is(words.length, 2);
  assert.match(words[0].fix, "add a link with rel `http://opds-spec.org/auth/document` and href `https://lib.example/auth`");
  assert.match(words[1].fix, "Set the document's `\"id\"` to exactly `https://lib.example/auth`");
});

test.run();

// An entry written fresh is plain YAML of JSON data: whatever the strings hold, `yaml` (core
// schema, as entries are read) reads back the same values, and for an entry's usual values the
// text is the one `yaml` itself writes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Document, parse } from "yaml";
import { yamlDocument, yamlString } from "../../src/registry/entry-yaml.ts";

/** What `yaml` writes for the same mapping (the renderer this one stands in for). */
const yamlLibrary = (map: Record<string, unknown>, comment?: string) => {
  const doc = new Document({});
  if (comment !== undefined) doc.commentBefore = comment;
  for (const [k, v] of Object.entries(map)) if (v !== undefined) doc.set(k, v);
  return doc.toString({ lineWidth: 0 });
};

const entry = {
  id: "urn:uuid:00000000-0000-4000-8000-000000000001",
  url: "https://circ.example.org/lib/authentication_document",
  library_stage: "production",
  registry_stage: "testing",
  created: "2026-01-01T00:00:00Z",
  snapshot: {
    validated: "2026-12-01T14:30:00Z",
    title: "‘Āhuimanu Free Library",
    start: { href: "https://circ.example.org/lib/", type: "application/atom+xml;profile=opds-catalog;kind=acquisition" },
    help: ["mailto:help@example.org", "https://example.org/help#contact"],
    anonymous_access: false,
    audiences: [],
    description: "Children's books, \"quoted\" titles and C# primers; open 9–5. Questions? Ask us.",
    collection_size: 1200,
    service_area: { US: ["Pine Bluff, AR", "70783", "Lee County, AR"] },
    focus_area: {},
    logo_png: "6a8a9674aa20aaab637c82bf9e0b7b0b",
    links: [{ href: "https://a.example/", rel: "alternate" }, { href: "https://b.example/" }],
    nested: [["a", "b"], [], [{ k: null }]],
  },
};

test("an entry's usual values are written as yaml writes them, and read back the same", () => {
  for (const comment of [undefined, " One library.\n Reviewed in a pull request."]) {
    const text = yamlDocument(entry, comment);
    assert.is(text, yamlLibrary(entry, comment));
    assert.equal(parse(text), entry);
  }
  assert.is(yamlDocument({}), yamlLibrary({}));
});

test("a string that would read back as something else, or breaks a plain scalar, is double-quoted", () => {
  const quoted = ["", " leading", "trailing ", "70783", "1e5", "0x1F", "0o17", "12:30", "2026-01-01", "true", "False", "NULL", "~", "yes", "Off", "a: b", "ends:", "a #b", "- item", "? key", "#x", "&anchor", "*alias", "!tag", "|", ">", "'q'", '"q"', "%x", "@x", "`x", "{a}", "[a]", ",", "line\nbreak", "tab\there", "nul\0", "del\x7f", "nel\u0085", "ls\u2028", "bom\ufeff", "\u00a0nbsp first", "lone \ud800 surrogate", "emoji 📚"];
  for (const s of quoted) {
    const y = yamlString(s);
    assert.ok(y.startsWith('"'), `${JSON.stringify(s)} is quoted: ${y}`);
    assert.equal(parse(`k: ${y}\n`), { k: s }, JSON.stringify(s));
  }
  for (const s of ["Pine Bluff, AR", "https://x.example/a?b=c#d", "C# primers", "children's", "6a8a9674", "0 Main Street", "Infinity", "NaN", "‘Āhuimanu", "a:b", "x - y"]) {
    assert.is(yamlString(s), s, "plain");
    assert.equal(parse(`k: ${s}\n`), { k: s }, s);
  }
});

test("any JSON data reads back the same: strings of every awkward character, at every depth, as keys and values", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = ["a", "Z", "0", "9", " ", ":", "#", "-", "?", "'", '"', "\\", "\n", "\t", "\r", "\0", "\x7f", "\u0085", "\u00a0", "\u2028", "\ufeff", "\ud83d\udcda", "\ud800", "é", "—", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", ".", "e", "x", "o", "_", "+", "~"];
  const words = ["true", "null", "yes", "off", "1e5", "0x10", ".inf", "-", "---", "...", "2026-01-01", "12:30"];
  const str = () => (random() < 0.2 ? words[Math.floor(random() * words.length)] : Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.45) return str();
    if (r < 0.5) return Math.floor(random() * 1e6) / (random() < 0.5 ? 1 : 100);
    if (r < 0.55) return random() < 0.5;
    if (r < 0.6) return null;
    if (r < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [str(), value(depth + 1)]));
  };
  for (let i = 0; i < 3000; i++) {
    const doc = Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, () => [str(), value(0)]));
    const text = yamlDocument(doc);
    assert.equal(parse(text), doc, text);
  }
});

test.run();

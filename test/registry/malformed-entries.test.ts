// Malformed entry files: every error at its real file:line:column, every file still checked, no
// parser exception escaping (alias bombs, undefined aliases), no silently repaired bytes, a size cap.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEntries } from "../../src/registry/entries.ts";
import { MAX_ENTRY_BYTES, formatSourceError } from "../../src/registry/yaml-source.ts";
import { withDefaults } from "../../src/registry/config.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { startRoutes, json } from "../support/routes-server.ts";

const good = (n: number, extra = "") =>
  `id: urn:uuid:00000000-0000-4000-8000-00000000000${n}\nurl: https://lib${n}.example/auth\nlibrary_stage: testing\nregistry_stage: testing\n${extra}`;

function dirWith(files: Record<string, string | Buffer>) {
  const dir = mkdtempSync(join(tmpdir(), "malformed-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}
const messages = (dir: string) => loadEntries(dir, { cwd: dir }).errors.map(formatSourceError);

const BOMB = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

test("an entry over the cap is refused by its size without being read (a 3 GB file, sparse)", async () => {
  const { truncateSync } = await import("node:fs");
  const dir = mkdtempSync(join(tmpdir(), "huge-entry-"));
  const path = join(dir, "huge.yaml");
  writeFileSync(path, "");
  truncateSync(path, 3 * 1024 ** 3);
  const { entries, errors } = loadEntries(dir, { cwd: dir });
  assert.equal(entries, []);
  assert.match(errors.map(formatSourceError).join("\n"), `the file is ${3 * 1024 ** 3} bytes; an entry may be at most ${MAX_ENTRY_BYTES}`);
});

test("a duplicate key on line 5 is reported at line 5", () => {
  const dir = dirWith({ "a.yaml": good(1, "library_stage: production\n") });
  const [m] = messages(dir);
  assert.match(m, /^a\.yaml:5:1 YAML syntax: .*unique/i);
});

test("a syntax error deep in the file names its own line, not 1:1", () => {
  const dir = dirWith({ "a.yaml": good(1, "note: [unclosed\n  - x: y\n") });
  const [m] = messages(dir);
  assert.match(m, /^a\.yaml:(5|6|7):\d+ YAML syntax/);
  assert.not.match(m, /^a\.yaml:1:1 /);
});

test("an alias bomb and an undefined alias name their files, and the other files' errors still show", () => {
  const dir = dirWith({ "bomb.yaml": BOMB, "alias.yaml": good(1, "note: *nowhere\n"), "c.yaml": good(3, "bogus: 1\n") });
  const all = messages(dir);
  assert.ok(all.some((m) => /^bomb\.yaml:\d+:\d+ YAML/.test(m)), all.join("\n"));
  assert.ok(all.some((m) => /^alias\.yaml:\d+:\d+ YAML/.test(m)), all.join("\n"));
  assert.ok(all.some((m) => /^c\.yaml:5:1 unknown key 'bogus'/.test(m)), all.join("\n"));
});

test("bytes that are not UTF-8 are refused at their line, never replaced", () => {
  const text = Buffer.concat([Buffer.from(good(1, "note: caf")), Buffer.from([0xe9]), Buffer.from("\n")]);
  const [m] = messages(dirWith({ "a.yaml": text }));
  assert.match(m, /^a\.yaml:5:\d+ bytes that are not UTF-8/);
});

test("a NUL byte is refused (a UTF-16 file is not an entry)", () => {
  const [m] = messages(dirWith({ "a.yaml": Buffer.from(good(1), "utf16le") }));
  assert.match(m, /^a\.yaml:1:\d+ a NUL byte/);
});

test("an entry larger than the cap is refused without being parsed", () => {
  const [m] = messages(dirWith({ "a.yaml": good(1, `note: "${"x".repeat(MAX_ENTRY_BYTES)}"\n`) }));
  assert.match(m, /^a\.yaml:1:1 the file is \d+ bytes; an entry may be at most/);
});

test("POST /register while an entry is an alias bomb answers a 503 problem naming the file, not a 500", async () => {
  const root = mkdtempSync(join(tmpdir(), "malformed-reg-"));
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 2 } }, root, null);
  mkdirSync(cfg.libraries_dir, { recursive: true });
  writeFileSync(join(cfg.libraries_dir, "bomb.yaml"), BOMB);
  const srv = await startRoutes();
  const auth = `${srv.base}/lib/auth`;
  srv.set("/lib/auth", json({ id: auth, title: "Lib", authentication: [{ type: "http://opds-spec.org/auth/basic" }], links: [{ rel: "start", href: `${srv.base}/lib/`, type: "application/atom+xml;profile=opds-catalog;kind=acquisition" }, { rel: "help", href: "mailto:help@lib.example" }] }));
  srv.set("/lib/", { type: "application/atom+xml;profile=opds-catalog;kind=acquisition", body: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  const res: any = await registerLibrary({ url: auth } as any, registrationContext(cfg, { env: {} })).finally(() => srv.close());
  const p = res.problem ?? res;
  const text = JSON.stringify(p);
  assert.not.ok(res.ok, text);
  assert.match(text, /bomb\.yaml/);
  assert.match(text, /records-invalid/);
  assert.match(text, /503/);
});

test.run();

// The `registry` command line, spawned as a newcomer runs it: `node --import tsx scripts/registry.ts`.
// Every child is awaited (never spawnSync while a loopback library of this process must answer).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSampleLibraries, type RunningLibraries } from "../../src/demo/sample-libraries.ts";
import { entriesCacheFile, loadEntries } from "../../src/registry/entries.ts";
import { loadConfig } from "../../src/registry/config.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/registry.ts");
const COMMANDS = ["build", "check", "serve", "register", "keys", "token", "demo", "bench", "places"];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete env.REGISTRY_PRIVATE_KEY;
  delete env.REGISTRY_PRIVATE_KEY_FILE;
  delete env.REGISTRY_DEBUG;
  return env;
}

/**
 * Runs `registry <args>` to completion; kills it (and fails) after timeoutMs. With `bin`, as the
 * installed command (bin/registry.mjs, which finds tsx itself from any working folder).
 */
function registry(args: string[], opts: { cwd?: string; timeoutMs?: number; bin?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = opts.bin ? [join(ROOT, "bin/registry.mjs")] : ["--import", "tsx", SCRIPT];
    const child = spawn(process.execPath, [...command, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`registry ${args.join(" ")} did not finish in ${opts.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const noStackTrace = (r: Run) => assert.not.match(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `a message, not a stack trace:\n${r.stderr}`);

const temps: string[] = [];
function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

let libs: RunningLibraries;
test.before(async () => {
  libs = await startSampleLibraries([{ slug: "cli-library", title: "CLI Test Library", flavor: "opds1" }]);
});
test.after(async () => {
  await libs.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

// --- usage ---------------------------------------------------------------------------------------

test("--help on every command exits 0 and prints its usage line", async () => {
  const runs = await Promise.all(COMMANDS.map((c) => registry([c, "--help"])));
  runs.forEach((r, i) => {
    assert.is(r.code, 0, `${COMMANDS[i]} --help: ${show(r)}`);
    assert.match(r.stdout, new RegExp(`^usage: registry ${COMMANDS[i]}\\b`), COMMANDS[i]);
  });
  const short = await registry(["build", "-h"]);
  assert.is(short.code, 0);
  assert.match(short.stdout, /^usage: registry build\b/);
  const top = await registry(["--help"]);
  assert.is(top.code, 0);
  assert.match(top.stdout, /^usage: registry <command>/);
  for (const c of COMMANDS) assert.match(top.stdout, new RegExp(`^  ${c}\\s`, "m"), `the overview lists ${c}`);
});

test("no command, an unknown command: non-zero with a clear message", async () => {
  const none = await registry([]);
  assert.ok(none.code !== 0, show(none));
  assert.match(none.stdout + none.stderr, /usage: registry <command>/);
  const unknown = await registry(["frobnicate"]);
  assert.ok(unknown.code !== 0 && unknown.code !== null, show(unknown));
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  assert.match(unknown.stderr, /usage: registry <command>/);
  noStackTrace(unknown);
});

test("an unknown option on every command: non-zero, names the option, no stack trace, nothing started", async () => {
  const runs = await Promise.all(COMMANDS.map((c) => registry([c, "--frobnicate"], { timeoutMs: 30_000 })));
  runs.forEach((r, i) => {
    assert.ok(r.code !== 0 && r.code !== null, `${COMMANDS[i]}: ${show(r)}`);
    assert.match(r.stderr, /--frobnicate/, COMMANDS[i]);
    assert.match(r.stderr, new RegExp(`registry ${COMMANDS[i]}`), COMMANDS[i]);
    noStackTrace(r);
  });
  const badValue = await registry(["build", "--offline", "--concurrency", "lots", "--out", join(temp("cli-out-"), "out")]);
  assert.ok(badValue.code !== 0, show(badValue));
  assert.match(badValue.stderr, /--concurrency/);
  noStackTrace(badValue);
});

// --- check ---------------------------------------------------------------------------------------

test("registry check on the shipped libraries/ exits 0", async () => {
  const r = await registry(["check"]);
  assert.is(r.code, 0, show(r));
  assert.match(r.stdout, /\d+ entr(y|ies) valid/);
});

test("registry check on a folder with bad files exits 1 with file:line:column messages", async () => {
  const dir = temp("cli-check-");
  writeFileSync(
    join(dir, "bad.yaml"),
    "id: nope\nurl: https://bad.example/auth\nlibrary_stage: production\nregistry_stage: live\nbogus: 1\n",
  );
  writeFileSync(join(dir, "broken.yaml"), "id: urn:uuid:00000000-0000-4000-8000-000000000001\nurl: [\n");
  const r = await registry(["check", "--libraries", dir]);
  assert.is(r.code, 1, show(r));
  assert.match(r.stderr, /bad\.yaml:1:\d+ .*id/);
  assert.match(r.stderr, /bad\.yaml:4:\d+ .*registry_stage/);
  assert.match(r.stderr, /bad\.yaml:5:1 .*bogus/);
  assert.match(r.stderr, /broken\.yaml:\d+:\d+ /);
  noStackTrace(r);
});

test("registry check reports a leak once, with the same path form as the entry errors", async () => {
  const dir = temp("cli-leak-");
  writeFileSync(
    join(dir, "one.yaml"),
    "id: urn:uuid:00000000-0000-4000-8000-000000000001\nurl: https://lib1.example/auth\nlibrary_stage: testing\nregistry_stage: testing\nshared_secret: 0123456789abcdef0123456789abcdef0123456789abcdef\n",
  );
  writeFileSync(join(dir, "notes.txt"), "old key\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
  const r = await registry(["check", "--libraries", dir]);
  assert.is(r.code, 1, show(r));
  const lines = r.stderr.split("\n").filter((l) => l.includes("one.yaml:5"));
  assert.is(lines.length, 1, `one report for the plaintext secret:\n${r.stderr}`);
  const keyLines = r.stderr.split("\n").filter((l) => l.includes("notes.txt"));
  assert.ok(keyLines.length >= 1, r.stderr);
  // Every path as the entry errors give it: none absolute when the entry errors are relative.
  const entryPath = /^(\S*one\.yaml):5:/m.exec(r.stderr)![1];
  for (const l of keyLines) assert.ok(l.startsWith(entryPath.replace(/one\.yaml$/, "notes.txt")), `${l}\nvs ${entryPath}`);
  noStackTrace(r);
});

test("registry check with a --libraries folder that does not exist fails instead of passing empty", async () => {
  const r = await registry(["check", "--libraries", join(temp("cli-missing-"), "librarys")]);
  assert.ok(r.code !== 0, show(r));
  assert.match(r.stderr, /librarys/);
  noStackTrace(r);
});

test("registry check missing.yaml says the file does not exist, not a raw ENOENT", async () => {
  const missing = join(temp("cli-nofile-"), "missing.yaml");
  const r = await registry(["check", missing]);
  assert.is(r.code, 1, show(r));
  assert.match(r.stderr, `${missing} does not exist`);
  assert.not.match(r.stderr, /ENOENT/);
  noStackTrace(r);
});

// --- build ---------------------------------------------------------------------------------------

test("registry build --offline --out DIR: exit 0, the summary, root.json, feeds and build-report.json", async () => {
  const out = join(temp("cli-build-"), "site");
  const distBefore = existsSync(join(ROOT, "dist"));
  const r = await registry(["build", "--offline", "--out", out]);
  assert.is(r.code, 0, show(r));
  assert.match(r.stdout, /^Built .+: \d+ files/m);
  const listed = /(\d+) listed/.exec(r.stdout);
  const stale = /(\d+) stale/.exec(r.stdout);
  const excluded = /(\d+) excluded/.exec(r.stdout);
  assert.ok(listed && stale && excluded, `the summary counts listed/stale/excluded:\n${r.stdout}`);
  for (const f of ["root.json", "feeds/libraries.json", "feeds/libraries-qa.json", "build-report.json", "_headers", "_redirects"]) {
    assert.ok(existsSync(join(out, f)), `${f} written`);
  }
  const report = JSON.parse(readFileSync(join(out, "build-report.json"), "utf8"));
  assert.is(report.offline, true);
  assert.is(report.counts.listed, Number(listed![1]));
  assert.is(report.counts.stale, Number(stale![1]));
  assert.is(report.counts.excluded, Number(excluded![1]));
  const shipped = readdirSync(join(ROOT, "libraries")).filter((f) => f.endsWith(".yaml")).length;
  assert.is(report.counts.entries, shipped);
  const root = JSON.parse(readFileSync(join(out, "root.json"), "utf8"));
  assert.type(root.metadata.title, "string");
  const feed = JSON.parse(readFileSync(join(out, "feeds/libraries.json"), "utf8"));
  assert.is(feed.catalogs.length, report.counts.production);
  assert.is(existsSync(join(ROOT, "dist")), distBefore, "nothing written into the project's dist/");
});

test("registry build run from the registry's own folder (not this project's): its config, entries and dist/ there, the web pages too", async () => {
  const dir = temp("cli-elsewhere-");
  writeFileSync(join(dir, "registry.config.yaml"), "title: Elsewhere Registry\nbase_url: https://elsewhere.test\n");
  mkdirSync(join(dir, "libraries"));
  const r = await registry(["build", "--offline"], { cwd: dir, bin: true });
  assert.is(r.code, 0, show(r));
  for (const f of ["root.json", "feeds/libraries.json", "index.html", "404.html"]) assert.ok(existsSync(join(dir, "dist", f)), `dist/${f} written`);
  assert.match(readFileSync(join(dir, "dist", "index.html"), "utf8"), /Elsewhere Registry/);
});

test("registry build: a broken entry or a missing --libraries folder exits 1 and writes nothing", async () => {
  const dir = temp("cli-badbuild-");
  mkdirSync(join(dir, "libraries"));
  writeFileSync(join(dir, "libraries", "bad.yaml"), "id: nope\n");
  const broken = await registry(["build", "--offline", "--libraries", join(dir, "libraries"), "--out", join(dir, "out")]);
  assert.is(broken.code, 1, show(broken));
  assert.match(broken.stderr, /bad\.yaml:\d+:\d+/);
  assert.not.ok(existsSync(join(dir, "out")));

  // a typo must not publish an empty directory over a good one
  const good = await registry(["build", "--offline", "--out", join(dir, "out")]);
  assert.is(good.code, 0, show(good));
  const before = readFileSync(join(dir, "out", "feeds/libraries.json"), "utf8");
  const typo = await registry(["build", "--offline", "--libraries", join(dir, "librarys"), "--out", join(dir, "out")]);
  assert.ok(typo.code !== 0, show(typo));
  assert.match(typo.stderr, /librarys/);
  assert.is(readFileSync(join(dir, "out", "feeds/libraries.json"), "utf8"), before);
});

// --- register ------------------------------------------------------------------------------------

function registerWorkspace(): { dir: string; config: string; libraries: string } {
  const dir = temp("cli-register-");
  const config = join(dir, "registry.config.yaml");
  writeFileSync(config, `title: CLI Test Registry\nbase_url: https://registry.test\nfetch:\n  allow_hosts: ["127.0.0.1"]\n  timeout_seconds: 5\n`);
  return { dir, config, libraries: join(dir, "libraries") };
}
const yamlFiles = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".yaml")) : []);

test("registry register URL against a loopback library: the registration document on stdout, exit 0, the entry written", async () => {
  const ws = registerWorkspace();
  const url = libs.registrationUrl("cli-library");
  const r = await registry(["register", url, "--config", ws.config, "--libraries", ws.libraries, "--stage", "testing"]);
  assert.is(r.code, 0, show(r));
  const doc = JSON.parse(r.stdout); // stdout is the document and nothing else
  assert.is(doc.metadata.title, "CLI Test Library");
  assert.match(doc.metadata.id, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.ok(doc.links.some((l: any) => l.rel === "http://opds-spec.org/auth/document" && l.href === url));
  assert.match(r.stderr, /Created /);
  const files = yamlFiles(ws.libraries);
  assert.is(files.length, 1);
  const text = readFileSync(join(ws.libraries, files[0]), "utf8");
  assert.ok(text.includes(url));
  assert.ok(text.includes(doc.metadata.id));

  const again = await registry(["register", url, "--config", ws.config, "--libraries", ws.libraries, "--stage", "testing"]);
  assert.is(again.code, 0, show(again));
  assert.is(JSON.parse(again.stdout).metadata.id, doc.metadata.id);
  assert.match(again.stderr, /Updated /);
  assert.is(yamlFiles(ws.libraries).length, 1);
});

test("registry register, a new process, reads the build's parse cache of the entries (as stamped) and leaves it as it is", async () => {
  const ws = registerWorkspace();
  for (const slug of ["cli-cache-a", "cli-cache-b"]) libs.set({ slug, title: `CLI ${slug}`, flavor: "opds1" });
  const first = libs.registrationUrl("cli-cache-a");
  const other = libs.registrationUrl("cli-cache-b");
  const created = await registry(["register", first, "--config", ws.config, "--libraries", ws.libraries, "--stage", "testing"]);
  assert.is(created.code, 0, show(created));
  const id = JSON.parse(created.stdout).metadata.id;
  // the parse cache a build leaves beside its HTTP cache, made here the same way
  const cacheFile = entriesCacheFile(loadConfig(ws.config).fetch.cache_dir);
  loadEntries(ws.libraries, { cacheFile });
  // what the cache says of the entry, its file unchanged: only a process that reads it can know
  // the entry by this URL (it would otherwise register `other` as a second library)
  const cache = JSON.parse(readFileSync(cacheFile, "utf8"));
  const [path] = Object.keys(cache.files);
  assert.is(cache.files[path].result.loaded.entry.url, first);
  cache.files[path].result.loaded.entry.url = other;
  const cacheText = JSON.stringify(cache);
  writeFileSync(cacheFile, cacheText);
  const updated = await registry(["register", other, "--config", ws.config, "--libraries", ws.libraries, "--stage", "testing"]);
  assert.is(updated.code, 0, show(updated));
  assert.match(updated.stderr, /Updated /);
  assert.is(JSON.parse(updated.stdout).metadata.id, id);
  assert.is(yamlFiles(ws.libraries).length, 1);
  assert.is(readFileSync(cacheFile, "utf8"), cacheText, "a registration does not rewrite the build's cache");
});

test("registry register with a 404 URL: a problem JSON on stdout, exit 1, nothing written", async () => {
  const ws = registerWorkspace();
  const url = `${libs.base}/no-such-library/authentication_document`;
  const r = await registry(["register", url, "--config", ws.config, "--libraries", ws.libraries]);
  assert.is(r.code, 1, show(r));
  const p = JSON.parse(r.stdout);
  assert.type(p.type, "string");
  assert.type(p.title, "string");
  assert.ok(p.status >= 400, `status ${p.status}`);
  assert.ok(r.stdout.includes(url), "the problem names the URL");
  assert.equal(yamlFiles(ws.libraries), []);
  noStackTrace(r);

  const none = await registry(["register", "--config", ws.config]);
  assert.ok(none.code !== 0, show(none));
  assert.match(none.stderr, /URL/);
});

// --- serve ---------------------------------------------------------------------------------------

test("registry serve --port 0 serves a built folder; --no-register answers POST /register with 405; SIGTERM stops it", async () => {
  const out = join(temp("cli-serve-"), "site");
  const built = await registry(["build", "--offline", "--out", out]);
  assert.is(built.code, 0, show(built));
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "serve", "--port", "0", "--out", out, "--no-register", "--quiet"], { cwd: ROOT, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((ok) => child.on("close", (code) => ok(code)));
  try {
    const base = await new Promise<string>((ok, ko) => {
      const timer = setTimeout(() => ko(new Error(`serve did not start: ${stdout} ${stderr}`)), 30_000);
      child.stdout.on("data", (d) => {
        stdout += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.on("close", () => ko(new Error(`serve exited: ${stdout} ${stderr}`)));
    });
    const feed = await fetch(`${base}/libraries`);
    assert.is(feed.status, 200);
    assert.is(feed.headers.get("content-type"), "application/opds+json");
    await feed.arrayBuffer();
    const post = await fetch(`${base}/register`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "url=x" });
    assert.is(post.status, 405);
    await post.arrayBuffer();
  } finally {
    child.kill("SIGTERM");
  }
  assert.is(await exited, 0, `serve exits 0 on SIGTERM: ${stderr}`);
});

// --- demo ----------------------------------------------------------------------------------------

test("registry demo --port 0 --exit: exit 0, every registration answered, the URLs printed, the work folder removed", async () => {
  const r = await registry(["demo", "--port", "0", "--exit"], { timeoutMs: 180_000 });
  assert.is(r.code, 0, show(r));
  const base = /registry at (http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout)?.[1];
  assert.ok(base, `the registry URL is printed:\n${r.stdout}`);
  for (const path of ["/root.json", "/libraries", "/libraries/qa", "/libraries/crawlable", "/register"]) {
    assert.ok(r.stdout.includes(`${base}${path}`), `prints ${base}${path}`);
  }
  const answers = [...r.stdout.matchAll(/→ (\d{3}) /g)].map((m) => Number(m[1]));
  assert.is(answers.length, 4, "four sample libraries registered");
  assert.ok(answers.every((s) => s === 201), `every registration succeeded: ${answers}`);
  assert.match(r.stdout, /Built .+ files/);
  // The URL table's descriptions start in one column, the long crawl URL included.
  const rows = r.stdout.split("\n").filter((l) => l.startsWith(`  ${base}/`));
  assert.is(rows.length, 6, rows.join("\n"));
  const columns = new Set(rows.map((l) => /^\s+\S+\s+/.exec(l)![0].length));
  assert.is(columns.size, 1, `aligned:\n${rows.join("\n")}`);
  // The sample record is printed whole: its snapshot and what follows it, not cut at 12 lines.
  const record = r.stdout.split("A record as a registration wrote it")[1] ?? "";
  assert.match(record, /\n    snapshot:\n/);
  assert.match(record, /\n      title: /);
  assert.ok(record.split("\n").length > 14, record);
  const work = /work folder (\S+)/.exec(r.stdout)?.[1];
  assert.ok(work && !existsSync(work), "the temporary work folder is cleaned up");
  noStackTrace(r);
});

test("registry demo on a port in use, or with a bad --port: a clear message and a prompt non-zero exit, no hang", async () => {
  const { createServer } = await import("node:http");
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
  const busy = (blocker.address() as { port: number }).port;
  try {
    const r = await registry(["demo", "--port", String(busy), "--exit"], { timeoutMs: 60_000 });
    assert.ok(r.code !== 0 && r.code !== null, show(r));
    assert.match(r.stderr, new RegExp(`${busy}`));
    assert.match(r.stderr, /in use/);
    noStackTrace(r);
  } finally {
    await new Promise<void>((ok) => blocker.close(() => ok()));
  }
  const bad = await registry(["demo", "--port", "eighty", "--exit"], { timeoutMs: 60_000 });
  assert.is(bad.code, 2, show(bad));
  assert.match(bad.stderr, /--port/);
});

test.run();

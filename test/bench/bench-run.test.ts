// `registry bench` itself, run small (12 libraries, 2 registrations) as an operator runs it: every
// build and floor is measured and reported, the file system's cost is printed, the work folder is
// made in --dir and removed at the end. The figures themselves are not asserted (they are this
// machine's); that each is there and well formed is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function bench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: "1" };
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/registry.ts"), "bench", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

test("a small bench measures every build and floor, prints the file system's cost, and works in --dir", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-dir-"));
  try {
    const r = await bench(["--libraries", "12", "--registrations", "2", "--dir", dir]);
    assert.is(r.code, 0, r.out);
    assert.match(r.out, /^registry bench: 12 libraries like real ones/m, r.out);
    const work = /work folder (\S+)/.exec(r.out)?.[1];
    assert.ok(work?.startsWith(join(dir, "registry-bench-")), `work folder ${work} is in --dir`);
    for (const part of ["cold build", "changed build", "write floor"])
      assert.match(r.out, new RegExp(`^file system .*${part}: creating a 2 KB file costs \\d+ µs, overwriting one \\d+ µs`, "m"), `the file system measured before the ${part}`);
    assert.match(r.out, /^floors: network \d+\.\d+ s \(\d+ requests.*write \d+\.\d+ s \(\d+ files/m, r.out);
    for (const build of ["cold", "warm", "offline", "changed"])
      assert.match(r.out, new RegExp(`^  ${build} +wall +\\d+\\.\\d+ s  CPU +\\d+\\.\\d+ s  peak RSS +\\d+ MB`, "m"), `${build} build measured`);
    // the cold build fetched every library (a document, its feed, some logos); the warm one none
    const coldRequests = Number(/^  cold .*\[(\d+) requests; the synthetic libraries' server, on the same cores, used \d+\.\d+ CPU-s\]/m.exec(r.out)?.[1]);
    assert.ok(coldRequests >= 24, `cold build made ${coldRequests} requests`);
    assert.match(r.out, /the libraries' answers rendered ahead \(\d+\.\d MB, served from memory\)/);
    assert.match(r.out, /^  warm .*\[0 requests\]/m);
    assert.match(r.out, /0 data:image occurrences in dist\//);
    assert.match(r.out, /production feed: 10 libraries/);
    assert.match(r.out, /registry's own time per registration: median \d+\.\d+ ms/);
    assert.match(r.out, /^cheap requests stay cheap/m);
    assert.equal(readdirSync(dir), [], "the work folder is removed without --keep");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--dir and the other numbers are checked before anything runs", async () => {
  const r = await bench(["--libraries", "0"]);
  assert.is.not(r.code, 0);
  assert.match(r.out, /--libraries/);
  const d = await bench(["--dirr", "/tmp"]);
  assert.is.not(d.code, 0);
  assert.match(d.out, /did you mean --dir/);
});

test.run();

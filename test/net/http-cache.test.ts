// The build's HTTP cache: fresh hits make no request, stale copies revalidate, only 2xx is kept.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CacheListing, cacheFile, cachedFetch } from "../../src/net/http-cache.ts";
import { FetchError } from "../../src/net/safe-fetch.ts";
import { policy, startServer, type TestServer } from "./server.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A fresh cache directory and a clock the test moves by hand. */
function setup() {
  const cacheDir = mkdtempSync(join(tmpdir(), "net-cache-"));
  let t = 1_700_000_000_000;
  return {
    cacheDir,
    opts: (maxAgeSeconds = 60) => ({ cacheDir, maxAgeSeconds, now: () => t }),
    advance: (seconds: number) => (t += seconds * 1000),
    done: () => rmSync(cacheDir, { recursive: true, force: true }),
  };
}

async function using(s: TestServer, c: ReturnType<typeof setup>, f: () => Promise<void>) {
  try {
    await f();
  } finally {
    await s.close();
    c.done();
  }
}

test("a fresh cached copy is returned without any request", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Type": "application/json" });
    r.end('{"v":1}');
  });
  const c = setup();
  await using(s, c, async () => {
    const first = await cachedFetch(`${s.origin}/auth`, policy(), c.opts());
    assert.is(first.fromCache, false);
    c.advance(59);
    const second = await cachedFetch(`${s.origin}/auth`, policy(), c.opts());
    assert.is(second.fromCache, true);
    assert.is(text(second.response.body), '{"v":1}');
    assert.is(second.response.status, 200);
    assert.is(second.response.contentType, "application/json");
    assert.is(second.response.url, `${s.origin}/auth`);
    assert.is(s.hits.length, 1);
  });
});

test("redirects and the final URL are kept with the cached copy", async () => {
  const s = await startServer((q, r) => {
    if (q.url === "/old") {
      r.writeHead(301, { Location: "/new" });
      return r.end();
    }
    r.end("moved here");
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/old`, policy(), c.opts());
    const hit = await cachedFetch(`${s.origin}/old`, policy(), c.opts());
    assert.is(hit.fromCache, true);
    assert.is(hit.response.url, `${s.origin}/new`);
    assert.equal(hit.response.redirects, [`${s.origin}/new`]);
    assert.is(s.hits.length, 2);
  });
});

test("a stale copy with an ETag is revalidated; a 304 serves it and restarts its age", async () => {
  const s = await startServer((q, r) => {
    if (q.headers["if-none-match"] === '"v1"') {
      r.writeHead(304, { ETag: '"v1"' });
      return r.end();
    }
    r.writeHead(200, { ETag: '"v1"', "Content-Type": "application/json" });
    r.end('{"v":1}');
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/auth`, policy(), c.opts(60));
    c.advance(61);
    const revalidated = await cachedFetch(`${s.origin}/auth`, policy(), c.opts(60));
    assert.is(s.hits.length, 2);
    assert.is(s.hits[1].headers["if-none-match"], '"v1"');
    assert.is(revalidated.fromCache, true);
    assert.is(revalidated.response.status, 200);
    assert.is(text(revalidated.response.body), '{"v":1}');
    c.advance(59);
    assert.is((await cachedFetch(`${s.origin}/auth`, policy(), c.opts(60))).fromCache, true);
    assert.is(s.hits.length, 2, "the 304 restarted the copy's age: no third request");
  });
});

test("a stale copy with Last-Modified is revalidated with If-Modified-Since", async () => {
  const lm = "Wed, 21 Oct 2015 07:28:00 GMT";
  const s = await startServer((q, r) => {
    if (q.headers["if-modified-since"] === lm) {
      r.writeHead(304);
      return r.end();
    }
    r.writeHead(200, { "Last-Modified": lm });
    r.end("doc");
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    c.advance(11);
    const again = await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    assert.is(again.fromCache, true);
    assert.is(text(again.response.body), "doc");
    assert.is(s.hits[1].headers["if-modified-since"], lm);
  });
});

test("a changed document replaces the stale copy", async () => {
  let version = 1;
  const s = await startServer((q, r) => {
    const tag = `"v${version}"`;
    if (q.headers["if-none-match"] === tag) {
      r.writeHead(304);
      return r.end();
    }
    r.writeHead(200, { ETag: tag });
    r.end(`version ${version}`);
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    version = 2;
    c.advance(11);
    const changed = await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    assert.is(changed.fromCache, false);
    assert.is(text(changed.response.body), "version 2");
    const hit = await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    assert.is(hit.fromCache, true);
    assert.is(text(hit.response.body), "version 2");
    assert.is(s.hits.length, 2);
  });
});

test("without validators a stale copy is fetched again in full", async () => {
  const s = await startServer((_q, r) => r.end("plain"));
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    c.advance(11);
    const again = await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    assert.is(again.fromCache, false);
    assert.is(s.hits[1].headers["if-none-match"], undefined);
    assert.is(s.hits[1].headers["if-modified-since"], undefined);
  });
});

for (const status of [404, 401, 500, 503]) {
  test(`a ${status} is returned but never cached`, async () => {
    const s = await startServer((_q, r) => {
      r.writeHead(status);
      r.end("nope");
    });
    const c = setup();
    await using(s, c, async () => {
      const a = await cachedFetch(`${s.origin}/`, policy(), c.opts());
      const b = await cachedFetch(`${s.origin}/`, policy(), c.opts());
      assert.is(a.response.status, status);
      assert.is(text(a.response.body), "nope");
      assert.is(b.fromCache, false);
      assert.is(s.hits.length, 2);
      assert.equal(readdirSync(c.cacheDir), []);
    });
  });
}

test("an error after a good copy leaves the good copy in place for the next build", async () => {
  let broken = false;
  const s = await startServer((q, r) => {
    if (broken) {
      r.writeHead(500);
      return r.end("down");
    }
    if (q.headers["if-none-match"] === '"a"') {
      r.writeHead(304);
      return r.end();
    }
    r.writeHead(200, { ETag: '"a"' });
    r.end("good");
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    broken = true;
    c.advance(11);
    assert.is((await cachedFetch(`${s.origin}/`, policy(), c.opts(10))).response.status, 500);
    broken = false;
    const back = await cachedFetch(`${s.origin}/`, policy(), c.opts(10));
    assert.is(back.fromCache, true, "revalidated against the kept copy");
    assert.is(text(back.response.body), "good");
  });
});

test("a fetch failure propagates as the FetchError", async () => {
  const c = setup();
  try {
    await cachedFetch("ftp://library.test/", policy(), c.opts());
    assert.unreachable("should have thrown");
  } catch (err) {
    assert.instance(err, FetchError);
    assert.is((err as FetchError).code, "unsupported-scheme");
  } finally {
    c.done();
  }
});

test("entries are one file per URL, named by the URL's sha256, with no temp files left", async () => {
  const s = await startServer((q, r) => r.end(`body of ${q.url}`));
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/a`, policy(), c.opts());
    await cachedFetch(`${s.origin}/b`, policy(), c.opts());
    const files = readdirSync(c.cacheDir).sort();
    assert.is(files.length, 2);
    assert.ok(files.every((f) => /^[0-9a-f]{64}\.cache$/.test(f)));
    assert.ok(files.includes(cacheFile(c.cacheDir, `${s.origin}/a`).split("/").pop()!));
  });
});

test("a damaged entry is a miss, and is replaced", async () => {
  const s = await startServer((_q, r) => r.end("fresh"));
  const c = setup();
  await using(s, c, async () => {
    writeFileSync(cacheFile(c.cacheDir, `${s.origin}/`), "garbage without a newline");
    const res = await cachedFetch(`${s.origin}/`, policy(), c.opts());
    assert.is(res.fromCache, false);
    assert.is(text(res.response.body), "fresh");
    assert.is((await cachedFetch(`${s.origin}/`, policy(), c.opts())).fromCache, true);
  });
});

test("binary bodies with newlines round-trip exactly", async () => {
  const bytes = Buffer.from([0x0a, 0, 0xff, 0x0a, 0x0d, 0x89, 0x50, 0x4e, 0x47, 0x0a]);
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Type": "image/png", "X-Note": "line" });
    r.end(bytes);
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/logo`, policy(), c.opts());
    const hit = await cachedFetch(`${s.origin}/logo`, policy(), c.opts());
    assert.is(hit.fromCache, true);
    assert.equal(Buffer.from(hit.response.body), bytes);
    assert.is(hit.response.headers.get("x-note"), "line");
  });
});

test("the fetcher can be replaced (no network at all)", async () => {
  const c = setup();
  let calls = 0;
  const fetcher = async (url: string) => {
    calls++;
    return { url, status: 200, headers: new Headers({ "content-type": "text/plain" }), contentType: "text/plain", body: new TextEncoder().encode("stub"), redirects: [] };
  };
  try {
    await cachedFetch("https://library.test/auth", policy(), { ...c.opts(), fetcher });
    const hit = await cachedFetch("https://library.test/auth", policy(), { ...c.opts(), fetcher });
    assert.is(hit.fromCache, true);
    assert.is(text(hit.response.body), "stub");
    assert.is(calls, 1);
  } finally {
    c.done();
  }
});

test("with a listing, a URL whose file was not listed is a miss without opening it; what is stored through it is a hit", async () => {
  let hits = 0;
  const s = await startServer((_q, r) => {
    hits++;
    r.writeHead(200, { "Content-Type": "application/json" });
    r.end(`{"hit":${hits}}`);
  });
  const c = setup();
  await using(s, c, async () => {
    await cachedFetch(`${s.origin}/listed`, policy(), c.opts());
    const listing = new CacheListing(c.cacheDir);
    assert.ok(listing.has(cacheFile(c.cacheDir, `${s.origin}/listed`)));
    // listed when the build began: a hit
    assert.is((await cachedFetch(`${s.origin}/listed`, policy(), { ...c.opts(), listing })).fromCache, true);
    // a file put there behind the listing's back is not looked for
    await cachedFetch(`${s.origin}/behind`, policy(), c.opts());
    assert.is((await cachedFetch(`${s.origin}/behind`, policy(), { ...c.opts(), listing })).fromCache, false);
    // stored through the listing (here by a store that writes at once): seen from then on
    const stored: string[] = [];
    const store = (file: string, temp: string, data: Uint8Array) => {
      stored.push(file);
      writeFileSync(temp, data);
      renameSync(temp, file);
    };
    await cachedFetch(`${s.origin}/new`, policy(), { ...c.opts(), listing, store });
    assert.equal(stored, [cacheFile(c.cacheDir, `${s.origin}/new`)]);
    const again = await cachedFetch(`${s.origin}/new`, policy(), { ...c.opts(), listing, store });
    assert.is(again.fromCache, true);
    assert.is(text(again.response.body), '{"hit":4}');
  });
});

test.run();

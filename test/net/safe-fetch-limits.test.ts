// Time and size limits, and Content-Encoding: what keeps a hostile server from holding the registry.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { safeFetch } from "../../src/net/safe-fetch.ts";
import { policy, startServer, type TestServer, refusal, text } from "./server.ts";

async function using(s: TestServer, f: () => Promise<void>) {
  try {
    await f();
  } finally {
    await s.close();
  }
}

const MB = 1024 * 1024;

test("a server that never answers times out", async () => {
  const s = await startServer(() => {});
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/auth`, policy({ timeoutMs: 200 })));
    assert.is(err.code, "timeout");
    assert.is(err.url, `${s.origin}/auth`);
  });
});

test("a body that never ends times out: the timeout covers the body too", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Type": "application/json" });
    r.write("{");
  });
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/`, policy({ timeoutMs: 200 })))).code, "timeout");
  });
});

test("the timeout is per hop: hops each under it pass together over it", async () => {
  const s = await startServer((q, r) => {
    const n = Number(q.url?.slice(1));
    setTimeout(() => {
      if (n > 0) {
        r.writeHead(302, { Location: `/${n - 1}` });
        r.end();
      } else r.end("done");
    }, 100);
  });
  await using(s, async () => {
    const res = await safeFetch(`${s.origin}/3`, policy({ timeoutMs: 300, deadlineMs: 3000 }));
    assert.is(text(res.body), "done");
  });
});

test("the deadline spans every hop", async () => {
  const s = await startServer((q, r) => {
    const n = Number(q.url?.slice(1));
    setTimeout(() => {
      r.writeHead(302, { Location: `/${n + 1}` });
      r.end();
    }, 120);
  });
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/0`, policy({ timeoutMs: 1000, deadlineMs: 400, maxRedirects: 20 })));
    assert.is(err.code, "deadline");
    assert.ok(s.hits.length >= 2 && s.hits.length <= 5, `hits: ${s.hits.length}`);
  });
});

test("the caller's signal stops the fetch as a deadline", async () => {
  const s = await startServer(() => {});
  await using(s, async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const err = await refusal(safeFetch(`${s.origin}/`, policy({ timeoutMs: 5000 }), { signal: ctl.signal }));
    assert.is(err.code, "deadline");
  });
});

test("an already-aborted signal makes no request", async () => {
  const s = await startServer((_q, r) => r.end());
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/`, policy(), { signal: AbortSignal.abort() }));
    assert.is(err.code, "deadline");
    assert.is(s.hits.length, 0);
  });
});

test("a body of exactly maxBytes is accepted", async () => {
  const s = await startServer((_q, r) => r.end(Buffer.alloc(1000, 97)));
  await using(s, async () => {
    assert.is((await safeFetch(`${s.origin}/`, policy({ maxBytes: 1000 }))).body.length, 1000);
  });
});

test("a declared Content-Length over the cap is refused before reading", async () => {
  const s = await startServer((_q, r) => r.end(Buffer.alloc(2 * MB)));
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/`, policy({ maxBytes: MB })));
    assert.is(err.code, "too-large");
    assert.match(err.message, "declares");
  });
});

test("an endless chunked body is cut off at the cap and its socket closed", async () => {
  let serverSawClose: Promise<void> = Promise.resolve();
  const s = await startServer((_q, r) => {
    serverSawClose = new Promise((resolve) => r.on("close", () => resolve()));
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      while (!r.destroyed && r.write(chunk));
      if (!r.destroyed) r.once("drain", pump);
    };
    pump();
  });
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/`, policy({ maxBytes: MB, timeoutMs: 5000 })));
    assert.is(err.code, "too-large");
    assert.not.match(err.message, "declares");
    await serverSawClose; // resolves only once our side has dropped the connection
  });
});

test("a gzip bomb (50 MB of zeros) is stopped at the cap, after decompressing", async () => {
  const bomb = gzipSync(Buffer.alloc(50 * MB), { level: 9 });
  assert.ok(bomb.length < MB / 4, "the bomb itself is small on the wire");
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "gzip", "Content-Type": "application/json" });
    r.end(bomb);
  });
  await using(s, async () => {
    const before = process.memoryUsage().arrayBuffers;
    const err = await refusal(safeFetch(`${s.origin}/`, policy({ maxBytes: MB })));
    assert.is(err.code, "too-large");
    assert.match(err.message, "gzip-decoded");
    // Far less than the 50 MB a full inflate would have held.
    assert.ok(process.memoryUsage().arrayBuffers - before < 20 * MB);
  });
});

test("a brotli bomb is stopped too", async () => {
  const bomb = brotliCompressSync(Buffer.alloc(20 * MB), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "br" });
    r.end(bomb);
  });
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/`, policy({ maxBytes: MB })))).code, "too-large");
  });
});

const doc = JSON.stringify({ id: "https://library.test/auth", title: "Springfield ✓", links: Array(200).fill({ rel: "start", href: "/x" }) });
const encoders: [string, (b: Buffer) => Buffer][] = [
  ["gzip", (b) => gzipSync(b)],
  ["x-gzip", (b) => gzipSync(b)],
  ["br", (b) => brotliCompressSync(b)],
  ["deflate", (b) => deflateSync(b)],
  ["identity", (b) => b],
];
for (const [coding, encode] of encoders) {
  test(`Content-Encoding ${coding} is decoded`, async () => {
    const s = await startServer((_q, r) => {
      r.writeHead(200, { "Content-Encoding": coding, "Content-Type": "application/json" });
      r.end(encode(Buffer.from(doc)));
    });
    await using(s, async () => {
      const res = await safeFetch(`${s.origin}/`, policy());
      assert.is(text(res.body), doc);
    });
  });
}

test("raw DEFLATE sent as \"deflate\" is decoded", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "deflate" });
    r.end(deflateRawSync(Buffer.from(doc)));
  });
  await using(s, async () => {
    assert.is(text((await safeFetch(`${s.origin}/`, policy())).body), doc);
  });
});

test("stacked codings are undone in reverse order", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "gzip, br" });
    r.end(brotliCompressSync(gzipSync(Buffer.from(doc))));
  });
  await using(s, async () => {
    assert.is(text((await safeFetch(`${s.origin}/`, policy())).body), doc);
  });
});

test("an empty body with Content-Encoding gzip is an empty body", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(404, { "Content-Encoding": "gzip" });
    r.end();
  });
  await using(s, async () => {
    const res = await safeFetch(`${s.origin}/`, policy());
    assert.is(res.status, 404);
    assert.is(res.body.length, 0);
  });
});

test("a corrupt gzip body is a network error", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "gzip" });
    r.end(Buffer.from("this is not gzip at all"));
  });
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/`, policy()));
    assert.is(err.code, "network");
    assert.match(err.message, "cannot decode");
  });
});

test("an unknown Content-Encoding is a network error", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Encoding": "compress" });
    r.end("x");
  });
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/`, policy()))).code, "network");
  });
});

test("a body cut short by the server is a network error", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(200, { "Content-Length": "100" });
    r.write("only part");
    setTimeout(() => r.destroy(), 20);
  });
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/`, policy()))).code, "network");
  });
});

test.run();

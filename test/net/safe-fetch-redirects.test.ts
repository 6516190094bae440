// Redirects: followed by hand, every hop re-checked, counted, loops caught.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { safeFetch } from "../../src/net/safe-fetch.ts";
import { fakeDns, policy, startServer, type TestServer, refusal, text } from "./server.ts";

/** /hop/N redirects to /hop/N-1 with `status`; /hop/0 answers "done". */
function chain(status = 302) {
  return startServer((q, r) => {
    const n = Number(/^\/hop\/(\d+)$/.exec(q.url ?? "")?.[1] ?? -1);
    if (n > 0) {
      r.writeHead(status, { Location: `/hop/${n - 1}` });
      r.end();
    } else r.end("done");
  });
}

async function using(s: TestServer, f: (s: TestServer) => Promise<void>) {
  try {
    await f(s);
  } finally {
    await s.close();
  }
}

test("relative Location: final URL and the redirects list", async () => {
  const s = await startServer((q, r) => {
    if (q.url === "/dir/start") {
      r.writeHead(301, { Location: "../final?x=1" });
      return r.end();
    }
    if (q.url === "/final?x=1") {
      r.writeHead(307, { Location: "//127.0.0.1:" + (q.socket.localPort ?? 0) + "/last#frag" });
      return r.end();
    }
    r.end(`at ${q.url}`);
  });
  await using(s, async () => {
    const res = await safeFetch(`${s.origin}/dir/start`, policy());
    assert.is(res.status, 200);
    assert.is(text(res.body), "at /last");
    assert.is(res.url, `${s.origin}/last`);
    assert.equal(res.redirects, [`${s.origin}/final?x=1`, `${s.origin}/last`]);
  });
});

for (const status of [301, 302, 303, 307, 308]) {
  test(`status ${status} is followed`, async () => {
    const s = await chain(status);
    await using(s, async () => {
      const res = await safeFetch(`${s.origin}/hop/1`, policy());
      assert.is(text(res.body), "done");
      assert.equal(res.redirects, [`${s.origin}/hop/0`]);
    });
  });
}

test("maxRedirects 5: five redirects are followed", async () => {
  const s = await chain();
  await using(s, async () => {
    const res = await safeFetch(`${s.origin}/hop/5`, policy({ maxRedirects: 5 }));
    assert.is(text(res.body), "done");
    assert.is(res.redirects.length, 5);
    assert.is(s.hits.length, 6);
  });
});

test("maxRedirects 5: a sixth redirect is refused, and not requested", async () => {
  const s = await chain();
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/hop/6`, policy({ maxRedirects: 5 })));
    assert.is(err.code, "too-many-redirects");
    assert.is(s.hits.length, 6);
    assert.ok(!s.hits.some((h) => h.path === "/hop/0"));
  });
});

test("maxRedirects 0 refuses any redirect", async () => {
  const s = await chain();
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/hop/1`, policy({ maxRedirects: 0 })))).code, "too-many-redirects");
  });
});

test("a loop is caught when a URL comes round again", async () => {
  const s = await startServer((q, r) => {
    r.writeHead(302, { Location: q.url === "/a" ? "/b" : "/a" });
    r.end();
  });
  await using(s, async () => {
    const err = await refusal(safeFetch(`${s.origin}/a`, policy({ maxRedirects: 20 })));
    assert.is(err.code, "redirect-loop");
    assert.equal(s.hits.map((h) => h.path), ["/a", "/b"]);
  });
});

test("a redirect to itself is a loop", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(301, { Location: "/self" });
    r.end();
  });
  await using(s, async () => {
    assert.is((await refusal(safeFetch(`${s.origin}/self`, policy()))).code, "redirect-loop");
  });
});

test("a redirect to a name resolving to a private address is refused before connecting", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(302, { Location: "http://metadata.test/latest/meta-data/" });
    r.end();
  });
  await using(s, async () => {
    const dns = fakeDns({ "metadata.test": "169.254.169.254" });
    const err = await refusal(safeFetch(`${s.origin}/`, policy({ allowHosts: ["127.0.0.1"], lookup: dns.lookup })));
    assert.is(err.code, "forbidden-address");
    assert.is(err.url, "http://metadata.test/latest/meta-data/");
    assert.equal(dns.asked, ["metadata.test"]);
  });
});

test("a redirect from an admitted host to a loopback literal not admitted is refused", async () => {
  const s = await startServer((q, r) => {
    if (q.url === "/start") {
      r.writeHead(302, { Location: `http://[::1]:${s.port}/secret` });
      return r.end();
    }
    r.end("secret");
  });
  await using(s, async () => {
    const dns = fakeDns({ "library.test": "127.0.0.1" });
    const err = await refusal(safeFetch(`http://library.test:${s.port}/start`, policy({ allowHosts: ["library.test"], lookup: dns.lookup })));
    assert.is(err.code, "forbidden-address");
    assert.equal(s.hits.map((h) => h.path), ["/start"]);
  });
});

for (const location of ["ftp://example.org/", "file:///etc/passwd", "data:text/plain,hi"]) {
  test(`a redirect to ${location.split(":")[0]}: is refused`, async () => {
    const s = await startServer((_q, r) => {
      r.writeHead(302, { Location: location });
      r.end();
    });
    await using(s, async () => {
      const err = await refusal(safeFetch(`${s.origin}/`, policy()));
      assert.is(err.code, "unsupported-scheme");
    });
  });
}

test("credentials do not follow a redirect to another origin", async () => {
  const b = await startServer((_q, r) => r.end("b"));
  const a = await startServer((_q, r) => {
    r.writeHead(302, { Location: `${b.origin}/` });
    r.end();
  });
  try {
    await safeFetch(`${a.origin}/`, policy(), { headers: { Authorization: "Bearer s3cret", "X-Other": "kept" } });
    assert.is(a.hits[0].headers.authorization, "Bearer s3cret");
    assert.is(b.hits[0].headers.authorization, undefined);
    assert.is(b.hits[0].headers["x-other"], "kept");
  } finally {
    await a.close();
    await b.close();
  }
});

test.run();

// Scheme and address checks, pinning, request headers, statuses as values.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkDestination, safeFetch } from "../../src/net/safe-fetch.ts";
import { fakeDns, policy, startServer, refusal, text } from "./server.ts";

test("127.0.0.1 is refused by default, without a request", async () => {
  const s = await startServer((_q, r) => r.end("hi"));
  try {
    const err = await refusal(safeFetch(`${s.origin}/doc`, policy({ allowHosts: [] })));
    assert.is(err.code, "forbidden-address");
    assert.is(err.url, `${s.origin}/doc`);
    assert.match(err.message, "127.0.0.1");
    assert.is(s.hits.length, 0);
  } finally {
    await s.close();
  }
});

test("allowHosts admits a host by name, or by name and port, and only that port", async () => {
  const s = await startServer((_q, r) => r.end("hi"));
  try {
    assert.is(text((await safeFetch(`${s.origin}/a`, policy({ allowHosts: ["127.0.0.1"] }))).body), "hi");
    assert.is(text((await safeFetch(`${s.origin}/b`, policy({ allowHosts: [`127.0.0.1:${s.port}`] }))).body), "hi");
    const err = await refusal(safeFetch(`${s.origin}/c`, policy({ allowHosts: [`127.0.0.1:${s.port === 1 ? 2 : 1}`] })));
    assert.is(err.code, "forbidden-address");
    assert.equal(s.hits.map((h) => h.path), ["/a", "/b"]);
  } finally {
    await s.close();
  }
});

for (const url of ["ftp://example.org/doc", "file:///etc/passwd", "data:application/json,{}", "javascript:alert(1)", "gopher://127.0.0.1:70/"]) {
  test(`scheme refused: ${url}`, async () => {
    const err = await refusal(safeFetch(url, policy()));
    assert.is(err.code, "unsupported-scheme");
  });
}

for (const url of ["not a url", "/relative/path", "", "http://"]) {
  test(`unusable URL: ${JSON.stringify(url)}`, async () => {
    const err = await refusal(safeFetch(url, policy()));
    assert.is(err.code, "bad-url");
  });
}

// Literal addresses in every spelling the URL parser normalises to a private one.
for (const host of ["127.0.0.1", "2130706433", "0x7f.1", "017700000001", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0", "10.0.0.1", "169.254.169.254", "[fd00::1]", "[64:ff9b::7f00:1]"]) {
  test(`literal address refused without a lookup: ${host}`, async () => {
    const dns = fakeDns({});
    const err = await refusal(safeFetch(`http://${host}:9/x`, policy({ allowHosts: [], lookup: dns.lookup })));
    assert.is(err.code, "forbidden-address");
    assert.equal(dns.asked, []);
  });
}

for (const address of ["10.1.2.3", "192.168.0.10", "172.20.0.1", "169.254.169.254", "100.64.1.1", "::1", "fe80::1", "fd00::5", "::ffff:127.0.0.1", "2002:7f00:1::1"]) {
  test(`a name resolving to ${address} is refused`, async () => {
    const dns = fakeDns({ "internal.test": address });
    const err = await refusal(safeFetch("https://internal.test/auth", policy({ allowHosts: [], lookup: dns.lookup })));
    assert.is(err.code, "forbidden-address");
    assert.match(err.message, `internal.test resolves to ${address}`);
    assert.equal(dns.asked, ["internal.test"]);
  });
}

test("a name resolving to public addresses passes the check", async () => {
  const lookup = async () => [{ address: "93.184.215.14", family: 4 }, { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 }];
  const addrs = await checkDestination("https://library.test/auth", policy({ allowHosts: [], lookup }));
  assert.equal(addrs.map((a) => a.address), ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]);
});

test("one private address among public ones is enough to refuse", async () => {
  const lookup = async () => [{ address: "93.184.215.14", family: 4 }, { address: "10.0.0.7", family: 4 }];
  const err = await refusal(safeFetch("https://library.test/auth", policy({ allowHosts: [], lookup })));
  assert.is(err.code, "forbidden-address");
  assert.match(err.message, "10.0.0.7");
});

test("allowHosts by name admits a name that resolves to a private address", async () => {
  const dns = fakeDns({ "internal.test": "10.1.2.3" });
  const addrs = await checkDestination("http://internal.test/", policy({ allowHosts: ["internal.test"], lookup: dns.lookup }));
  assert.equal(addrs, [{ address: "10.1.2.3", family: 4 }]);
});

test("DNS failure is a dns error", async () => {
  const dns = fakeDns({});
  const err = await refusal(safeFetch("https://nowhere.test/auth", policy({ lookup: dns.lookup })));
  assert.is(err.code, "dns");
  assert.match(err.message, "ENOTFOUND");
});

test("an empty DNS answer is a dns error", async () => {
  const err = await refusal(safeFetch("https://nowhere.test/auth", policy({ lookup: async () => [] })));
  assert.is(err.code, "dns");
});

test("the connection goes to the checked address: one lookup, no second resolution", async () => {
  // "library.test" exists in no real DNS: reaching the server proves the socket used our answer.
  const s = await startServer((q, r) => r.end(`host=${q.headers.host}`));
  try {
    const dns = fakeDns({ "library.test": "127.0.0.1" });
    const res = await safeFetch(`http://library.test:${s.port}/auth`, policy({ allowHosts: ["library.test"], lookup: dns.lookup }));
    assert.is(res.status, 200);
    assert.is(text(res.body), `host=library.test:${s.port}`);
    assert.is(res.url, `http://library.test:${s.port}/auth`);
    assert.equal(dns.asked, ["library.test"]);
  } finally {
    await s.close();
  }
});

test("DNS rebinding: a second, different answer is never used", async () => {
  // First answer is the checked one; a rebinding server would answer 10.x on the next query.
  const s = await startServer((_q, r) => r.end("ok"));
  try {
    let calls = 0;
    const lookup = async () => [{ address: calls++ === 0 ? "127.0.0.1" : "10.9.9.9", family: 4 }];
    const res = await safeFetch(`http://rebind.test:${s.port}/`, policy({ allowHosts: ["rebind.test"], lookup }));
    assert.is(text(res.body), "ok");
    assert.is(calls, 1);
  } finally {
    await s.close();
  }
});

test("default headers: User-Agent, Cache-Control no-cache, Accept-Encoding; caller may override", async () => {
  const s = await startServer((_q, r) => r.end());
  try {
    await safeFetch(`${s.origin}/`, policy({ userAgent: "registry/9" }));
    await safeFetch(`${s.origin}/`, policy(), { headers: { "Cache-Control": "max-age=0", Accept: "application/json" } });
    const [a, b] = s.hits.map((h) => h.headers);
    assert.is(a["user-agent"], "registry/9");
    assert.is(a["cache-control"], "no-cache");
    assert.is(a["accept-encoding"], "gzip, deflate, br");
    assert.is(b["cache-control"], "max-age=0");
    assert.is(b.accept, "application/json");
  } finally {
    await s.close();
  }
});

for (const status of [404, 401, 500, 503, 418]) {
  test(`status ${status} is a value, with its body and headers`, async () => {
    const s = await startServer((_q, r) => {
      r.writeHead(status, { "Content-Type": "application/vnd.opds.authentication.v1.0+json", "X-Test": "yes" });
      r.end(`{"status":${status}}`);
    });
    try {
      const res = await safeFetch(`${s.origin}/auth`, policy());
      assert.is(res.status, status);
      assert.is(res.contentType, "application/vnd.opds.authentication.v1.0+json");
      assert.is(res.headers.get("x-test"), "yes");
      assert.is(text(res.body), `{"status":${status}}`);
      assert.equal(res.redirects, []);
    } finally {
      await s.close();
    }
  });
}

test("a 3xx without Location is returned as a value", async () => {
  const s = await startServer((_q, r) => {
    r.writeHead(302);
    r.end("nowhere to go");
  });
  try {
    const res = await safeFetch(`${s.origin}/`, policy());
    assert.is(res.status, 302);
    assert.is(text(res.body), "nowhere to go");
  } finally {
    await s.close();
  }
});

test("repeated headers survive; contentType is null when absent", async () => {
  const s = await startServer((_q, r) => {
    r.setHeader("Link", ['<https://a.test/auth>; rel="http://opds-spec.org/auth/document"', '<https://a.test/x>; rel="x"']);
    r.removeHeader("Content-Type");
    r.end("x");
  });
  try {
    const res = await safeFetch(`${s.origin}/`, policy());
    assert.is(res.contentType, null);
    assert.match(res.headers.get("link") ?? "", 'rel="x"');
    assert.match(res.headers.get("link") ?? "", "auth/document");
  } finally {
    await s.close();
  }
});

test("a refused connection is a network error", async () => {
  const s = await startServer((_q, r) => r.end());
  const origin = s.origin;
  await s.close();
  const err = await refusal(safeFetch(`${origin}/`, policy()));
  assert.is(err.code, "network");
  assert.match(err.message, "ECONNREFUSED");
});

test.run();

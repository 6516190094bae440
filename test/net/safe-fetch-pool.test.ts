import { test } from "uvu";
import * as assert from "uvu/assert";
import { Agent } from "node:http";
import { safeFetch, FetchError } from "../../src/net/safe-fetch.ts";
import { startServer, policy } from "./server.ts";

test("with keep-alive agents, requests reuse one connection; without, each opens its own", async () => {
  let connections = 0;
  const srv = await startServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok");
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const origCreate = agent.createConnection.bind(agent);
  agent.createConnection = ((opts: any, cb: any) => {
    connections++;
    const s = origCreate(opts, cb);
    sockets.add(s);
    return s;
  }) as typeof agent.createConnection;
  try {
    for (let i = 0; i < 5; i++) {
      const r = await safeFetch(`${srv.origin}/x${i}`, policy({ agents: { http: agent } }));
      assert.is(r.status, 200);
    }
    assert.is(connections, 1, "five requests over one pooled connection");
  } finally {
    agent.destroy();
    await srv.close();
  }
});

test("pooled or not, the address check still applies", async () => {
  const agent = new Agent({ keepAlive: true });
  try {
    await safeFetch("http://127.0.0.1:9/", policy({ allowHosts: [], agents: { http: agent } }));
    assert.unreachable("loopback must be refused");
  } catch (err) {
    assert.instance(err, FetchError);
    assert.is((err as FetchError).code, "forbidden-address");
  } finally {
    agent.destroy();
  }
});

test.run();

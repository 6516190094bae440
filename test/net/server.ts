// A throwaway HTTP server on 127.0.0.1 for the net tests: counts hits, closes every socket.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as assert from "uvu/assert";
import { FetchError, type FetchPolicy } from "../../src/net/safe-fetch.ts";

export interface TestServer {
  origin: string; // http://127.0.0.1:PORT
  port: number;
  hits: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const hits: TestServer["hits"] = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function policy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    timeoutMs: 2000,
    deadlineMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    allowHosts: ["127.0.0.1"],
    userAgent: "opds-registry-test/1",
    ...overrides,
  };
}

/** A lookup that answers every name with `address`, and records the names asked. */
export function fakeDns(table: Record<string, string>) {
  const asked: string[] = [];
  const lookup = async (host: string) => {
    asked.push(host);
    const address = table[host];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
  return { lookup, asked };
}

/** The FetchError a fetch fails with; fails the test if it answered instead. */
export async function refusal(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, FetchError);
    return err as FetchError;
  }
  assert.unreachable("expected a FetchError, got a response");
  throw new Error("unreachable");
}

export const text = (b: Uint8Array) => new TextDecoder().decode(b);

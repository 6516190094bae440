// A loopback server answering from a route table, for the handshake and build tests.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Answer {
  status?: number;
  type?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}
export type Route = Answer | ((req: IncomingMessage, res: ServerResponse) => void);

export interface RoutesServer {
  base: string;
  routes: Map<string, Route>;
  hits: string[];
  set(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startRoutes(initial: Record<string, Route> = {}): Promise<RoutesServer> {
  const routes = new Map<string, Route>(Object.entries(initial));
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    hits.push(path);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not here");
    }
    if (typeof route === "function") return route(req, res);
    res.writeHead(route.status ?? 200, { ...(route.type ? { "Content-Type": route.type } : {}), ...route.headers });
    res.end(route.body ?? "");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    hits,
    set: (path, route) => void routes.set(path, route),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export const json = (value: unknown, type = "application/vnd.opds.authentication.v1.0+json", status = 200): Answer => ({
  status,
  type,
  body: JSON.stringify(value),
});

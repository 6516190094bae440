// The network floor a cold build is compared with: the same documents the build fetches (each
// library's Authentication for OPDS document, its start feed, and its logo when linked by URL),
// read over keep-alive HTTP at the same concurrency, bodies read and dropped. No parsing, no
// validation, no cache. Run by `registry bench` as: network-floor-child.ts WORK N BASE CONCURRENCY
import { Agent, get } from "node:http";
import { syntheticSlug } from "./synthetic.ts";
import { syntheticLogoKind } from "./synthetic-logo.ts";
import { childFigures } from "./child-figures.ts";

const [, count, base, concurrencyArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const urls: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const root = `${base}/${syntheticSlug(i)}`;
  urls.push(`${root}/authentication_document`, `${root}/`);
  if (syntheticLogoKind(i).byUrl) urls.push(`${root}/logo`);
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const read = (url: string) =>
  new Promise<number>((ok, fail) => {
    get(url, { agent }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => (bytes += d.length));
      res.on("end", () => ok(bytes));
      res.on("error", fail);
    }).on("error", fail);
  });

const started = childFigures.start();
let next = 0;
let bytes = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < urls.length) bytes += await read(urls[next++]);
  }),
);
agent.destroy();
console.log(JSON.stringify({ ok: true, ...childFigures.stop(started), requests: urls.length, bytes }));

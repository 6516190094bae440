// The home page's first load in a real browser (chromium through playwright-core, when installed):
// what it transfers (gzip as `registry serve` sends it; images as files), how many elements it
// has and how tall it is. Requests for base_url (logos) are answered from dist/ and counted, and
// so are logos a library links from its own server.
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRegistryServer } from "../server/server.ts";

export interface FirstLoad {
  transferredBytes: number;
  requests: number;
  elements: number;
  heightPx: number;
}

const CHROMIUM = "/usr/bin/chromium";

export async function measureFirstLoad(dist: string, baseUrl = "https://registry.example.org"): Promise<FirstLoad> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed`);
  const { chromium } = await import("playwright-core");
  const server = createRegistryServer({ outDir: dist });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let fromBase = 0;
    let requests = 0;
    await context.route(`${baseUrl}/**`, async (route) => {
      const file = join(dist, new URL(route.request().url()).pathname);
      if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return route.fulfill({ status: 404 });
      const body = readFileSync(file);
      fromBase += body.length;
      requests++;
      return route.fulfill({ status: 200, body });
    });
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on("requestfinished", (req) => {
      // every request but the ones answered from dist/ above (counted there): the page itself,
      // its script, and logos a library links from its own server
      if (req.url().startsWith(baseUrl)) return;
      requests++;
      sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await page.goto(`${local}/`, { waitUntil: "networkidle" });
    const elements = await page.evaluate(() => document.getElementsByTagName("*").length);
    const heightPx = await page.evaluate(() => document.documentElement.scrollHeight);
    const local_ = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return { transferredBytes: local_ + fromBase, requests, elements, heightPx };
  } finally {
    await browser.close();
    server.close();
  }
}

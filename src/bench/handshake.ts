// Registrations per second against a zero-latency loopback library, and the registry's own time
// per registration: the wall time of registerLibrary minus the time spent inside its fetches.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { withDefaults } from "../registry/config.ts";
import { registerLibrary } from "../registry/register.ts";
import { safeFetch } from "../net/safe-fetch.ts";
import { fetchPolicy } from "../registry/fetcher.ts";
import { generateRegistryKeyPair } from "../registry/registry-keys.ts";
import type { RunningLibraries } from "../demo/sample-libraries.ts";

export interface HandshakeFigures {
  registrations: number;
  perSecond: number;
  ownMsMedian: number;
  ownMsP95: number;
  fetchMsMedian: number;
  failures: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

export async function benchHandshake(libs: RunningLibraries, count: number, opts: { withKeys: boolean; /** Registers into this registry folder (its libraries/ and cache), not an empty one. */ into?: string }): Promise<HandshakeFigures> {
  const work = opts.into ?? mkdtempSync(join(tmpdir(), "registry-bench-register-"));
  const prefix = `reg${opts.withKeys ? "k" : "n"}${opts.into ? "x" : ""}`;
  try {
    const keys = generateRegistryKeyPair(2048);
    writeFileSync(join(work, "registry-public-key.pem"), keys.publicKeyPem);
    // the bench registry's own cache folder (registry.config.yaml's cache_dir), where its builds left converted logos
    const config = withDefaults({ title: "Bench", base_url: "http://127.0.0.1", fetch: { allow_hosts: ["127.0.0.1"], ...(opts.into ? { cache_dir: "cache" } : {}) } }, work, null);
    const policy = fetchPolicy(config);
    const libKey = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    let fetchMs = 0;
    const ctx = {
      config,
      fetch: async (url: string) => {
        const t = performance.now();
        try {
          return await safeFetch(url, policy);
        } finally {
          fetchMs += performance.now() - t;
        }
      },
      registryPublicKey: opts.withKeys ? keys.publicKeyPem : null,
      registryPrivateKey: opts.withKeys ? keys.privateKeyPem : null,
    };
    const own: number[] = [];
    const fetches: number[] = [];
    let failures = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const slug = `${prefix}-${String(i).padStart(5, "0")}`;
      libs.set({ slug, title: `Registering Library ${i}`, flavor: i % 2 ? "opds2" : "opds1", publicKeyPem: opts.withKeys ? libKey.publicKey : undefined });
      fetchMs = 0;
      const t = performance.now();
      const r = await registerLibrary({ url: libs.authUrl(slug), stage: "production", contact: `mailto:it@${slug}.example` }, ctx);
      const total = performance.now() - t;
      if (!r.ok) failures++;
      own.push(total - fetchMs);
      fetches.push(fetchMs);
    }
    const seconds = (performance.now() - started) / 1000;
    return { registrations: count, perSecond: count / seconds, ownMsMedian: quantile(own, 0.5), ownMsP95: quantile(own, 0.95), fetchMsMedian: quantile(fetches, 0.5), failures };
  } finally {
    if (!opts.into) rmSync(work, { recursive: true, force: true });
  }
}

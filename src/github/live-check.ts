// The read-only half of the handshake, for an entry that already exists: fetch and validate its
// document and check the link-back, exactly as a registration would, writing nothing.
import { discoverLibrary, type DiscoverOptions } from "../registry/discover.ts";
import type { RegistryConfig } from "../registry/config.ts";
import { policyOf } from "../registry/policy.ts";
import { fetchPolicy, type Fetcher } from "../registry/fetcher.ts";
import { safeFetch } from "../net/safe-fetch.ts";
import { aggregate, problem, type Problem } from "../opds/problem.ts";

export function liveFetcher(cfg: RegistryConfig): Fetcher {
  const policy = fetchPolicy(cfg);
  return (url, init) => safeFetch(url, policy, init);
}

export function handshakeOptions(cfg: RegistryConfig, fetch: Fetcher = liveFetcher(cfg)): DiscoverOptions {
  return { fetch, policy: policyOf(cfg), checkLinkBack: true, allowLegacy: cfg.policy.allow_legacy_flow };
}

/** null when the library at `url` passes the handshake's checks, else every problem found. */
export async function liveHandshake(url: string, cfg: RegistryConfig, opts: DiscoverOptions = handshakeOptions(cfg)): Promise<Problem | null> {
  const found = await discoverLibrary(url, { ...opts, signal: AbortSignal.timeout(cfg.fetch.deadline_seconds * 1000) });
  if (!found.ok) return aggregate(found.errors);
  if (found.authUrl !== url) return problem("invalidDocument", `${url} now leads to the document at ${found.authUrl}; register the library again to move it`);
  return null;
}

// The fetch the handshake and the build use, as a value they are given: tests and the bench pass
// their own, the build passes a cached one. Policy comes from registry.config.yaml.
import type { RegistryConfig } from "./config.ts";
import type { FetchPolicy, FetchedResponse } from "../net/safe-fetch.ts";

/** `signal` ends the fetch early: the handshake's overall deadline. */
export type Fetcher = (url: string, init?: { signal?: AbortSignal }) => Promise<FetchedResponse>;

export function fetchPolicy(cfg: RegistryConfig): FetchPolicy {
  return {
    timeoutMs: cfg.fetch.timeout_seconds * 1000,
    deadlineMs: cfg.fetch.deadline_seconds * 1000,
    maxBytes: cfg.fetch.max_bytes,
    maxRedirects: cfg.fetch.max_redirects,
    allowHosts: cfg.fetch.allow_hosts,
    userAgent: cfg.fetch.user_agent,
  };
}

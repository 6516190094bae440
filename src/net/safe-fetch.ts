// The one way this project fetches a URL from the outside world (B12: the reference had no scheme
// check, no private-address guard and no size cap). Every hop of a redirect chain is checked the
// same way; the socket connects to the very address that was checked (no second DNS lookup, so a
// DNS-rebinding server cannot swap in 127.0.0.1 between check and use); and every status is
// returned as a value (B1: the caller, not the HTTP layer, decides what a 404 or 401 means).
// Built on node:http/https rather than global fetch: fetch cannot pin the address, and its
// redirect and decompression handling would hide the hops and the decompressed size.
import { promises as dns, type LookupAddress } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isPublicAddress } from "./address.ts";
import { FetchError } from "./fetch-error.ts";
import { ACCEPT_ENCODING, readBody } from "./read-body.ts";

export { FetchError, fetchErrorToProblem, isFetchError, type FetchErrorCode } from "./fetch-error.ts";

export interface FetchPolicy {
  /** One hop: DNS, connect, headers and the whole body. */
  timeoutMs: number;
  /** The whole call, across every redirect. */
  deadlineMs: number;
  /** On the wire and again after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** "host", "host:port", an IP literal or "[v6]:port" that may resolve to a non-public address. */
  allowHosts: string[];
  userAgent: string;
  /** Replaces DNS (tests). */
  lookup?: (host: string) => Promise<{ address: string; family: number }[]>;
  /** Keep-alive agents to pool connections (a build); the caller destroys them when done. */
  agents?: { http?: http.Agent; https?: https.Agent };
}

export interface FetchedResponse {
  /** The URL that answered (after redirects), WHATWG-serialised, without a fragment. */
  url: string;
  status: number;
  headers: Headers;
  contentType: string | null;
  /** Decoded: Content-Encoding is undone, though the header is left as the server sent it. */
  body: Uint8Array;
  /** Each redirect target, in order; empty without redirects, otherwise ends with `url`. */
  redirects: string[];
}

export interface FetchInit {
  headers?: Record<string, string>;
  /** Aborting it fails the fetch with code "deadline" (the caller's own time ran out). */
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one origin must not follow a redirect to another.
const ORIGIN_BOUND = ["authorization", "cookie", "proxy-authorization"];

export async function safeFetch(url: string, policy: FetchPolicy, init: FetchInit = {}): Promise<FetchedResponse> {
  const deadlineAt = Date.now() + policy.deadlineMs;
  const redirects: string[] = [];
  const seen = new Set<string>();
  let headers = requestHeaders(policy, init.headers);
  let target = checkUrl(url);
  for (;;) {
    seen.add(target.href);
    const hop = await fetchHop(target, policy, headers, deadlineAt, init.signal);
    if (hop.kind === "response") {
      const h = hop.headers;
      return { url: target.href, status: hop.status, headers: h, contentType: h.get("content-type"), body: hop.body, redirects };
    }
    let next: URL;
    try {
      next = new URL(hop.location, target);
    } catch {
      throw new FetchError("network", target.href, `${hop.status} redirect to an invalid Location ${JSON.stringify(hop.location)}`);
    }
    next.hash = "";
    if (seen.has(next.href)) throw new FetchError("redirect-loop", target.href, `${hop.status} redirect back to ${next.href}, already visited`);
    if (redirects.length >= policy.maxRedirects) {
      throw new FetchError("too-many-redirects", target.href, `more than ${policy.maxRedirects} redirects (the next one to ${next.href})`);
    }
    next = checkUrl(next.href);
    if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !ORIGIN_BOUND.includes(k)));
    redirects.push(next.href);
    target = next;
  }
}

function requestHeaders(policy: FetchPolicy, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {
    "user-agent": policy.userAgent,
    "accept-encoding": ACCEPT_ENCODING,
    "cache-control": "no-cache",
  };
  for (const [k, v] of Object.entries(extra)) out[k.toLowerCase()] = v;
  return out;
}

function checkUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError("bad-url", raw, "not an absolute URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new FetchError("unsupported-scheme", raw, `${u.protocol} URLs are not fetched, only http: and https:`);
  }
  if (!u.hostname) throw new FetchError("bad-url", raw, "the URL has no host");
  u.hash = "";
  return u;
}

const bareHost = (u: URL) => (u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname);

/** True when policy.allowHosts names this URL's host, alone or with its (effective) port. */
export function isAllowedHost(u: URL, allowHosts: string[]): boolean {
  if (allowHosts.length === 0) return false;
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  const host = bareHost(u);
  const shown = host.includes(":") ? `[${host}]` : host;
  const names = new Set([host, shown, `${shown}:${port}`]);
  return allowHosts.some((entry) => names.has(entry.trim().toLowerCase()));
}

type Address = { address: string; family: number };

/**
 * The addresses safeFetch would connect to for `url`, without connecting: throws the FetchError
 * safeFetch would (bad-url, unsupported-scheme, dns, forbidden-address). Useful to refuse a URL
 * before queueing work for it; safeFetch checks again on every hop anyway.
 */
export async function checkDestination(url: string, policy: FetchPolicy): Promise<Address[]> {
  return resolveChecked(checkUrl(url), policy);
}

const systemLookup = async (host: string): Promise<Address[]> =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a: LookupAddress) => ({ address: a.address, family: a.family }));

/** The addresses to connect to, every one of them checked. */
async function resolveChecked(u: URL, policy: FetchPolicy): Promise<Address[]> {
  const host = bareHost(u);
  let addresses: Address[];
  const literal = isIP(host);
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch (err) {
      throw new FetchError("dns", u.href, `cannot resolve ${host} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    addresses = addresses.filter((a) => isIP(a.address));
    if (addresses.length === 0) throw new FetchError("dns", u.href, `${host} resolves to no address`);
  }
  if (!isAllowedHost(u, policy.allowHosts)) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) {
      const via = literal ? "" : `${host} resolves to `;
      throw new FetchError("forbidden-address", u.href, `${via}${bad.address}, which is not a public internet address`);
    }
  }
  return addresses.map((a) => ({ address: a.address, family: isIP(a.address) }));
}

type Hop =
  | { kind: "redirect"; status: number; location: string }
  | { kind: "response"; status: number; headers: Headers; body: Uint8Array };

/** One request with its own timeout, inside the overall deadline and the caller's signal. */
async function fetchHop(u: URL, policy: FetchPolicy, headers: Record<string, string>, deadlineAt: number, outer?: AbortSignal): Promise<Hop> {
  const left = deadlineAt - Date.now();
  if (left <= 0) throw new FetchError("deadline", u.href, `the ${policy.deadlineMs} ms allowed for this fetch ran out`);
  const hop = new AbortController();
  const timers = [
    setTimeout(() => hop.abort(new FetchError("timeout", u.href, `timed out after ${policy.timeoutMs % 1000 === 0 ? `${policy.timeoutMs / 1000} s` : `${policy.timeoutMs} ms`}`)), policy.timeoutMs),
    setTimeout(() => hop.abort(new FetchError("deadline", u.href, `the ${policy.deadlineMs} ms allowed for this fetch ran out`)), left),
  ];
  const onOuter = () =>
    hop.abort(outer?.reason instanceof FetchError ? outer.reason : new FetchError("deadline", u.href, "the caller stopped waiting"));
  if (outer?.aborted) onOuter();
  outer?.addEventListener("abort", onOuter, { once: true });
  try {
    const addresses = await untilAborted(resolveChecked(u, policy), hop.signal);
    return await request(u, addresses, policy, headers, hop.signal);
  } finally {
    for (const t of timers) clearTimeout(t);
    outer?.removeEventListener("abort", onOuter);
  }
}

function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function request(u: URL, addresses: Address[], policy: FetchPolicy, headers: Record<string, string>, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let res: IncomingMessage | undefined;
    const req = (u.protocol === "https:" ? https : http).request({
      protocol: u.protocol,
      hostname: bareHost(u),
      port: u.port || undefined,
      path: u.pathname + u.search,
      method: "GET",
      headers,
      // Without agents, a fresh connection per hop, closed after it: nothing pooled, nothing left
      // open. A build passes keep-alive agents (and destroys them when done): thousands of
      // requests to the same hosts then reuse connections. Pooled sockets were opened to checked
      // addresses, and every new one goes through the pinned lookup below.
      agent: (u.protocol === "https:" ? policy.agents?.https : policy.agents?.http) ?? false,
      // Pinning: the connection goes to the addresses checked above, never to a fresh DNS answer.
      lookup: ((_host: string, opts: { all?: boolean; family?: number }, cb: (...args: unknown[]) => void) => {
        const fit = addresses.filter((a) => !opts?.family || a.family === opts.family);
        const usable = fit.length ? fit : addresses;
        if (opts?.all) cb(null, usable);
        else cb(null, usable[0].address, usable[0].family);
      }) as any,
    });
    const fail = (err: unknown) => {
      signal.removeEventListener("abort", onAbort);
      res?.destroy();
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err: NodeJS.ErrnoException) => fail(new FetchError("network", u.href, describeNetworkError(err))));
    req.on("response", (r) => {
      res = r;
      r.on("error", () => {}); // reported through readBody or the abort that caused it
      const status = r.statusCode ?? 0;
      const location = r.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        signal.removeEventListener("abort", onAbort);
        r.destroy();
        req.destroy();
        return resolve({ kind: "redirect", status, location });
      }
      const declared = Number(r.headers["content-length"]);
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        return fail(new FetchError("too-large", u.href, `the response declares ${declared} bytes, more than ${policy.maxBytes}`));
      }
      readBody(r, r.headers["content-encoding"], policy.maxBytes, u.href).then((body) => {
        signal.removeEventListener("abort", onAbort);
        if (!policy.agents) req.destroy();
        resolve({ kind: "response", status, headers: toHeaders(r.rawHeaders), body });
      }, fail);
    });
    req.end();
  });
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function describeNetworkError(err: NodeJS.ErrnoException): string {
  const cause = err.code ? NETWORK_CAUSES[err.code] : undefined;
  if (cause) return `${cause} (${err.code})`;
  return err.code ? `${err.code}: ${err.message}` : err.message;
}

function toHeaders(raw: string[]): Headers {
  const h = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      h.append(raw[i], raw[i + 1]);
    } catch {
      // a header value the WHATWG Headers class refuses is dropped, not fatal
    }
  }
  return h;
}

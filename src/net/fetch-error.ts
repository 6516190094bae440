// Why a fetch produced no response at all. A response with any status (404, 401, 5xx) is not an
// error here: the caller decides what a status means (B1: the reference turned every non-2xx/3xx
// into one 502, so "document not found" and the 401 link-back path were unreachable).
import { problem, type Problem } from "../opds/problem.ts";

export type FetchErrorCode =
  | "bad-url"
  | "unsupported-scheme"
  | "forbidden-address"
  | "dns"
  | "timeout"
  | "deadline"
  | "too-large"
  | "too-many-redirects"
  | "redirect-loop"
  | "network";

export class FetchError extends Error {
  override name = "FetchError";
  /**
   * @param url the URL of the hop that failed: the requested URL, or a redirect target.
   * @param message a sentence a person can act on, without the URL's "what".
   */
  constructor(public code: FetchErrorCode, public url: string, message: string) {
    super(message);
  }
}

export function isFetchError(x: unknown): x is FetchError {
  return x instanceof FetchError;
}

/**
 * The problem detail for a failed fetch. `what` names the document the way the reference's details
 * do, e.g. "auth document" or "OPDS root document at", so timeouts and network errors read exactly
 * `Timeout retrieving auth document <url>` / `Error retrieving OPDS root document at <url>`.
 * The other kinds are ours and carry the reason after a colon.
 */
export function fetchErrorToProblem(err: FetchError, what: string): Problem {
  const target = `${what} ${err.url}`;
  switch (err.code) {
    case "timeout":
      return problem("timeout", `Timeout retrieving ${target}`, { debug_message: err.message });
    case "dns":
    case "network":
      return problem("remoteFailed", `Error retrieving ${target}`, { debug_message: err.message });
    case "too-large":
      return problem("tooLarge", `Refused to read ${target}: ${err.message}`);
    case "forbidden-address":
      return problem(
        "forbiddenAddress",
        `Refused to retrieve ${target}: ${err.message}. A registry operator who means to reach this host lists it under fetch.allow_hosts in registry.config.yaml`,
      );
    case "unsupported-scheme":
      return problem("unsupportedScheme", `Refused to retrieve ${target}: ${err.message}`);
    case "too-many-redirects":
      return problem("tooManyRedirects", `Gave up retrieving ${target}: ${err.message}`);
    case "redirect-loop":
      return problem("redirectLoop", `Gave up retrieving ${target}: ${err.message}`);
    case "deadline":
      return problem("deadline", `Ran out of time retrieving ${target}: ${err.message}`);
    case "bad-url":
      return problem("invalidForm", `Cannot retrieve ${target}: ${err.message}`);
  }
}

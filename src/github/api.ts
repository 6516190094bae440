// The REST client for the GitHub automation: @octokit/rest pointed at GITHUB_API_URL, with the
// retries a scheduled job needs (server errors, secondary rate limits that say when to come back)
// and errors that say what to do instead of a stack trace. The token never appears in a message.
import { Octokit } from "@octokit/rest";
import { withoutTrailingSlashes } from "../directory/urls.ts";

export type GitHub = InstanceType<typeof Octokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ClientOptions {
  token: string;
  apiUrl: string;
  /** Waits between retries; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a server error or a rate limit (default 3). */
  retries?: number;
  /** The longest wait a rate limit may ask for before we give up and say so (default 60 s). */
  maxWaitSeconds?: number;
  log?: (line: string) => void;
}

/** A GitHub API failure, told in words an operator can act on. */
export class GitHubApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** Seconds to wait before retrying a rate-limited request, or undefined when it is not one. */
export function rateLimitWait(status: number, headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined) {
    const s = Number(retryAfter);
    if (Number.isFinite(s) && s >= 0) return s;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  if (header(headers, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - now / 1000));
  }
  return status === 429 ? 60 : undefined;
}

function explain(status: number, method: string, url: string, message: string): string {
  const what = `GitHub API ${method} ${url} answered ${status}${message ? ` (${message})` : ""}`;
  if (status === 401) return `${what}: the token was refused; check that GITHUB_TOKEN is set to a valid token`;
  if (status === 403) return `${what}: the token lacks a permission this job needs (see the workflow's permissions:) or the rate limit is spent`;
  if (status === 404) return `${what}: check GITHUB_REPOSITORY and that the token can see the repository`;
  if (status >= 500) return `${what}: GitHub is failing; the job retried and gave up, run it again later`;
  return what;
}


export function createGitHub(opts: ClientOptions): GitHub {
  const octokit = new Octokit({ auth: opts.token, baseUrl: withoutTrailingSlashes(opts.apiUrl), userAgent: "opds-library-registry", log: { debug() {}, info() {}, warn() {}, error() {} } });
  const sleep = opts.sleep ?? sleepFor;
  const retries = opts.retries ?? 3;
  const maxWait = opts.maxWaitSeconds ?? 60;
  octokit.hook.wrap("request", async (request, options) => {
    const method = String(options.method);
    const url = String(options.url);
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (err) {
        const e = err as { status?: number; response?: { headers?: Record<string, unknown>; data?: { message?: string } }; message?: string };
        const status = typeof e.status === "number" ? e.status : 0;
        const message = e.response?.data?.message ?? (status ? "" : String(e.message ?? err));
        const wait = rateLimitWait(status, e.response?.headers);
        const retriable = wait !== undefined || status >= 500 || status === 0;
        if (!retriable || attempt >= retries) {
          if (status >= 400 && status < 500 && status !== 403 && status !== 429 && status !== 401) throw err; // callers decide (404, 409, 422)
          throw new GitHubApiError(explain(status, method, url, message), status);
        }
        if (wait !== undefined && wait > maxWait) {
          throw new GitHubApiError(`${explain(status, method, url, message)}; GitHub asks to wait ${wait} s, longer than ${maxWait} s: run the job again later`, status);
        }
        const ms = wait !== undefined ? wait * 1000 : 1000 * 2 ** attempt;
        opts.log?.(`GitHub API ${method} ${url} answered ${status || "no response"}; retrying in ${Math.round(ms / 1000)} s`);
        await sleep(ms);
      }
    }
  });
  return octokit;
}

/** The HTTP status of an error from the client (0 when there was no answer). */
export function statusOf(err: unknown): number {
  const s = (err as { status?: unknown })?.status;
  return typeof s === "number" ? s : 0;
}

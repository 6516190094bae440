// `registry serve` with `register.persist: github`: POST /register runs the same handshake and
// records the result as a pull request through the API (branch registration/url-<hash>), reading
// the libraries from the default branch every time. The server keeps no state of its own, so any
// number of instances can answer behind a load balancer.
import { createHash } from "node:crypto";
import { problem } from "../opds/problem.ts";
import type { RegistrationContext, RegistrationRequest, RegistrationResult } from "../registry/register.ts";
import { GitHubApiError } from "./api.ts";
import { registerThroughGitHub, type GitHubTarget } from "./persist.ts";
import { pullRequestBody, pullRequestTitle } from "./onboard-text.ts";

export const urlBranch = (url: string) => `registration/url-${createHash("sha256").update(url.trim()).digest("hex").slice(0, 16)}`;

export function gitHubRegistrar(target: GitHubTarget, log?: (line: string) => void) {
  return async (req: RegistrationRequest, ctx: RegistrationContext): Promise<RegistrationResult> => {
    try {
      const out = await registerThroughGitHub(req, ctx, target, urlBranch(req.url ?? ""), {
        titleOf: (r) => pullRequestTitle(r.entry, r.slug),
        body: (r) => pullRequestBody({ slug: r.slug, entry: r.entry, file: `${target.librariesPath}/${r.slug}.yaml` }),
        message: (r) => `Register ${r.entry.url} as ${r.slug} (POST /register)`,
      });
      if (!out.ok) return out.result;
      log?.(`registration of ${out.result.entry.url} recorded in pull request #${out.pullRequest.number}`);
      return out.result;
    } catch (err) {
      if (!(err instanceof GitHubApiError)) throw err;
      log?.(`GitHub could not record a registration: ${err.message}`);
      return { ok: false, problem: problem("busy", "The registry could not record the registration just now (its store, GitHub, is unavailable). Nothing was recorded; try again in a few minutes.") };
    }
  };
}

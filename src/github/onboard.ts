// `registry github onboard`: an issue opened with the registration form becomes a handshake, and
// the handshake's outcome becomes either a pull request (plus a comment with the registration
// document) or a comment listing every problem with its fix and the `registration-failed` label.
// Editing the issue runs it again on the same branch and pull request.
import type { Problem } from "../opds/problem.ts";
import type { RegistrationContext } from "../registry/register.ts";
import type { GitHub, RepoRef } from "./api.ts";
import { addLabel, hasComment, removeLabel, upsertComment } from "./comments.ts";
import { FAILED_LABEL, REGISTRATION_LABEL, parseRegistrationIssue } from "./issue-form.ts";
import { failureComment, formProblemComment, pullRequestBody, pullRequestTitle, successComment } from "./onboard-text.ts";
import { registerThroughGitHub, type GitHubTarget } from "./persist.ts";

export interface OnboardDeps {
  gh: GitHub;
  repo: RepoRef;
  ctx: RegistrationContext;
  target: GitHubTarget;
  /** The issue form's YAML, to read the issue body by field id. */
  template: string;
}

export type OnboardOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "failed"; issue: number; problem?: Problem }
  | { kind: "registered"; issue: number; pullRequest: number; created: boolean; slug: string };

const RUN_ON = new Set(["opened", "edited", "reopened", "labeled"]);

export const issueBranch = (issue: number) => `registration/issue-${issue}`;

/** Why this event is not a registration to run, or null when it is one. */
export function skipReason(event: Record<string, any>): string | null {
  const issue = event.issue;
  if (!issue || typeof issue.number !== "number") return "the event is not about an issue";
  if (issue.pull_request) return "the event is about a pull request";
  if (!RUN_ON.has(event.action)) return `issue action '${event.action}' does not run a registration`;
  if (event.action === "labeled" && event.label?.name !== REGISTRATION_LABEL) return `the label added is not '${REGISTRATION_LABEL}'`;
  if (issue.state !== "open") return `issue #${issue.number} is ${issue.state}`;
  const labels: string[] = (issue.labels ?? []).map((l: any) => (typeof l === "string" ? l : l?.name));
  if (!labels.includes(REGISTRATION_LABEL)) return `issue #${issue.number} has no '${REGISTRATION_LABEL}' label`;
  return null;
}

export async function onboard(event: Record<string, any>, deps: OnboardDeps): Promise<OnboardOutcome> {
  const reason = skipReason(event);
  if (reason) return { kind: "ignored", reason };
  const { gh, repo } = deps;
  const number: number = event.issue.number;
  // An issue opened with the form is also "labeled" a moment later: that second event (queued
  // behind the first by the workflow's concurrency group) finds the answer already given.
  if (event.action === "labeled" && (await hasComment(gh, repo, number, "onboard"))) {
    return { kind: "ignored", reason: `issue #${number} was already answered; edit it to run again` };
  }
  const form = parseRegistrationIssue(event.issue.body, deps.template);

  if (!form.url) {
    await upsertComment(gh, repo, number, "onboard", formProblemComment("“Authentication for OPDS document URL” is empty: fill in your document's address, for example `https://cm.example.org/LIB/authentication_document`."));
    await addLabel(gh, repo, number, FAILED_LABEL);
    return { kind: "failed", issue: number };
  }

  const outcome = await registerThroughGitHub({ url: form.url, stage: form.stage }, deps.ctx, deps.target, issueBranch(number), {
    branchProvesIdentity: true,
    body: (r) => pullRequestBody({ issue: number, slug: r.slug, entry: r.entry, file: `${deps.target.librariesPath}/${r.slug}.yaml` }),
    message: (r) => `Register ${r.entry.url} as ${r.slug} (#${number})`,
    titleOf: (r) => pullRequestTitle(r.entry, r.slug),
  });

  if (!outcome.ok) {
    await upsertComment(gh, repo, number, "onboard", failureComment(outcome.result.problem, form.url));
    await addLabel(gh, repo, number, FAILED_LABEL);
    return { kind: "failed", issue: number, problem: outcome.result.problem };
  }
  const { result, pullRequest } = outcome;
  await upsertComment(
    gh,
    repo,
    number,
    "onboard",
    successComment({ document: result.document, warnings: result.warnings, prNumber: pullRequest.number, prUrl: pullRequest.html_url, created: pullRequest.created, url: result.entry.url }),
  );
  await removeLabel(gh, repo, number, FAILED_LABEL);
  return { kind: "registered", issue: number, pullRequest: pullRequest.number, created: pullRequest.created, slug: result.slug };
}

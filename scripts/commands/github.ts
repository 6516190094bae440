import { loadConfig } from "../../src/registry/config.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { readEvent } from "../../src/github/env.ts";
import { gitHubSetup, readIssueForm } from "../../src/github/setup.ts";
import { onboard } from "../../src/github/onboard.ts";
import { checkPullRequest } from "../../src/github/check-pr.ts";
import { refreshAll } from "../../src/github/refresh.ts";
import { appendFileSync } from "node:fs";
import { parseCommandArgs, UsageError } from "../args.ts";

export const help = `usage: registry github onboard [--event FILE] [--config FILE]
       registry github check-pr [--event FILE] [--config FILE]
       registry github refresh [--config FILE]

The GitHub automation, run by the workflows in .github/workflows/ (or by hand against any GitHub or
GitHub Enterprise API). Reads the standard Actions environment:
  GITHUB_EVENT_PATH   the webhook payload (the default for --event)
  GITHUB_REPOSITORY   owner/name
  GITHUB_TOKEN        the token for the REST API (never printed)
  GITHUB_API_URL      the REST API's base URL (default https://api.github.com)
  REGISTRY_PRIVATE_KEY / REGISTRY_PRIVATE_KEY_FILE   the registry's private key (re-sends secrets)

  onboard    an issue opened or edited with the registration form (label "registration"): runs the
             handshake; on success opens or updates one pull request adding libraries/<slug>.yaml
             and comments the registration document; on failure comments every problem with its
             fix and adds the label "registration-failed". Closed or unlabelled issues: nothing.

  check-pr   a pull request: \`registry check\` on the changed libraries/*.yaml and a live
             handshake for each, summarised in one comment updated in place. Exits 1 (red) when an
             entry breaks, or when REGISTRY_TESTS_OUTCOME (the workflow's npm test result) is not
             success.

  refresh    re-validates every library; opens or updates one pull request (branch
             registry/refresh) with the changed snapshots; opens an issue (label library-failing)
             per library failing for more than refresh.fail_issue_after_days, closed when it
             recovers.

  --event FILE    the event payload (default: $GITHUB_EVENT_PATH)
  --config FILE   registry config (default: registry.config.yaml)`;

const options = {
  event: { type: "string" },
  config: { type: "string" },
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  const [sub, ...rest] = positionals;
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'\n\n${help}`);
  const config = loadConfig(values.config);
  const log = (line: string) => console.error(line);
  if (sub === "onboard") {
    const setup = gitHubSetup(config, process.env, { needEvent: true, eventFile: values.event, log });
    const event = readEvent(setup.env.eventPath!);
    const out = await onboard(event, {
      gh: setup.gh,
      repo: setup.repo,
      target: setup.target,
      ctx: registrationContext(config),
      template: readIssueForm(setup.root),
    });
    if (out.kind === "ignored") console.log(`Nothing to do: ${out.reason}.`);
    else if (out.kind === "failed") console.log(`Issue #${out.issue}: the registration failed; the issue has a comment listing every problem and the label registration-failed.`);
    else console.log(`Issue #${out.issue}: registered ${out.slug}; pull request #${out.pullRequest} ${out.created ? "opened" : "updated"}.`);
    return 0;
  }
  if (sub === "check-pr") {
    const setup = gitHubSetup(config, process.env, { needEvent: true, eventFile: values.event, log });
    const event = readEvent(setup.env.eventPath!);
    const out = await checkPullRequest(event, {
      gh: setup.gh,
      repo: setup.repo,
      config,
      root: setup.root,
      librariesPath: setup.target.librariesPath,
      testsOutcome: process.env.REGISTRY_TESTS_OUTCOME || undefined,
    });
    if (out.kind === "ignored") {
      console.log(`Nothing to do: ${out.reason}.`);
      return 0;
    }
    console.log(out.summary);
    // The job's summary page shows it too (and is all a fork's pull request gets).
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, out.summary + "\n");
    if (!out.commented) console.error("(no comment posted: no library entry changed, or the token may not comment on this pull request)");
    return out.ok ? 0 : 1;
  }
  if (sub === "refresh") {
    if (values.event) throw new UsageError(`refresh takes no --event\n\n${help}`);
    const setup = gitHubSetup(config, process.env, { log });
    const out = await refreshAll({ gh: setup.gh, repo: setup.repo, config, target: setup.target, log: (l) => console.log(l) });
    if (out.pullRequest) console.log(`Pull request #${out.pullRequest.number} ${out.pullRequest.created ? "opened" : "updated"}.`);
    for (const f of out.failing) console.log(`failing: ${f.slug} since ${f.since}: ${f.reasons[0] ?? ""}`);
    if (out.opened.length) console.log(`Issues opened: ${out.opened.map((n) => `#${n}`).join(", ")}`);
    if (out.closed.length) console.log(`Issues closed (recovered): ${out.closed.map((n) => `#${n}`).join(", ")}`);
    return 0;
  }
  throw new UsageError(sub ? `unknown subcommand '${sub}'\n\n${help}` : `give a subcommand\n\n${help}`);
}

import { loadConfig } from "../../src/registry/config.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { readEvent } from "../../src/github/env.ts";
import { gitHubSetup, readIssueForm } from "../../src/github/setup.ts";
import { onboard } from "../../src/github/onboard.ts";
import { checkPullRequest } from "../../src/github/check-pr.ts";
import { refreshAll } from "../../src/github/refresh.ts";
import { appendFileSync } from "node:fs";
import { parseCommandArgs, UsageError } from "../args.ts";
import { help, options } from "../specs/github.ts";

export { help };

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

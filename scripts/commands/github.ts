import { loadConfig } from "../../src/registry/config.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { readEvent } from "../../src/github/env.ts";
import { gitHubSetup, readIssueForm } from "../../src/github/setup.ts";
import { onboard } from "../../src/github/onboard.ts";
import { parseCommandArgs, UsageError } from "../args.ts";

export const help = `usage: registry github onboard [--event FILE] [--config FILE]

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
  throw new UsageError(sub ? `unknown subcommand '${sub}'\n\n${help}` : `give a subcommand\n\n${help}`);
}

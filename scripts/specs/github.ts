// `registry github`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
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

export const options = {
  event: { type: "string" },
  config: { type: "string" },
} as const;

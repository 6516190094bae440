// `registry github check-pr`: a pull request that changes libraries/*.yaml is checked the way the
// maintainers need before they merge: `registry check` on the changed entries (schema, duplicates,
// leak guard) and a live handshake for each, summarised in one comment updated in place. The job
// fails (the pull request is red) with the reason when any entry breaks, or the tests failed.
import { join } from "node:path";
import type { RegistryConfig } from "../registry/config.ts";
import { loadEntries } from "../registry/entries.ts";
import { formatSourceError } from "../registry/yaml-source.ts";
import { scanFiles } from "../registry/leak-guard.ts";
import type { DiscoverOptions } from "../registry/discover.ts";
import type { GitHub, RepoRef } from "./api.ts";
import { statusOf } from "./api.ts";
import { marker, upsertComment } from "./comments.ts";
import { changedFiles } from "./pulls.ts";
import { handshakeOptions, liveHandshake } from "./live-check.ts";
import { code, plainWords } from "./plain-words.ts";

export interface CheckDeps {
  gh: GitHub;
  repo: RepoRef;
  config: RegistryConfig;
  /** The checkout of the pull request (the repository's root). */
  root: string;
  librariesPath: string;
  /** The outcome of the workflow's `npm test` job (success, failure, cancelled, skipped), when known. */
  testsOutcome?: string;
  discover?: DiscoverOptions;
}

export interface EntryCheck {
  file: string;
  status: "removed" | "ok" | "failed" | "skipped";
  problems: string[];
}

export type CheckOutcome =
  | { kind: "ignored"; reason: string }
  | { kind: "checked"; ok: boolean; pullRequest: number; entries: EntryCheck[]; summary: string; commented: boolean };

export async function checkPullRequest(event: Record<string, any>, deps: CheckDeps): Promise<CheckOutcome> {
  const pr = event.pull_request;
  if (!pr || typeof pr.number !== "number") return { kind: "ignored", reason: "the event is not about a pull request" };
  if (pr.state !== "open") return { kind: "ignored", reason: `pull request #${pr.number} is ${pr.state}` };
  const { gh, repo, config } = deps;
  const prefix = `${deps.librariesPath}/`;
  const changed = (await changedFiles(gh, repo, pr.number)).filter((f) => f.path.startsWith(prefix) && /\.ya?ml$/.test(f.path) && !f.path.slice(prefix.length).includes("/"));
  const checks: EntryCheck[] = [];
  const present = changed.filter((f) => f.status !== "removed");
  for (const f of changed) if (f.status === "removed") checks.push({ file: f.path, status: "removed", problems: [] });

  if (present.length) {
    const paths = present.map((f) => join(deps.root, f.path));
    const { entries, errors } = loadEntries(config.libraries_dir, { files: paths, cwd: deps.root });
    const leaks = await scanFiles(paths);
    const discover = deps.discover ?? handshakeOptions(config);
    for (const f of present) {
      const problems = [
        ...errors.filter((e) => e.file === f.path).map((e) => `${code(formatSourceError(e))}`),
        ...leaks.filter((l) => l.where === join(deps.root, f.path) || l.where.endsWith(f.path)).map((l) => code(l.message.split(`${deps.root}/`).join(""))),
      ];
      const loaded = entries.find((e) => join(deps.root, f.path) === e.path);
      let status: EntryCheck["status"] = problems.length ? "failed" : "ok";
      if (loaded) {
        const e = loaded.entry;
        if (e.registry_stage === "cancelled" || e.library_stage === "cancelled") {
          if (!problems.length) status = "skipped";
        } else {
          const p = await liveHandshake(e.url, config, discover);
          if (p) {
            status = "failed";
            problems.push(...plainWords(p, e.url).map((w) => `${w.what} **Fix:** ${w.fix}`));
          }
        }
      } else if (!problems.length) {
        problems.push("the entry could not be read");
        status = "failed";
      }
      checks.push({ file: f.path, status, problems });
    }
  }

  const testsFailed = deps.testsOutcome !== undefined && deps.testsOutcome !== "success" && deps.testsOutcome !== "skipped";
  const ok = !testsFailed && checks.every((c) => c.status !== "failed");
  const summary = renderSummary(checks, deps.testsOutcome, ok);
  let commented = false;
  // Pull requests that touch no entry get a comment only if one is already there to update.
  try {
    commented = (await upsertComment(gh, repo, pr.number, "check-pr", summary, { create: checks.length > 0 || testsFailed })) !== null;
  } catch (err) {
    // A pull request from a fork gets a read-only token: the summary still goes to the job's log.
    if (statusOf(err) !== 403) throw err;
  }
  return { kind: "checked", ok, pullRequest: pr.number, entries: checks, summary, commented };
}

function renderSummary(checks: EntryCheck[], tests: string | undefined, ok: boolean): string {
  const icon = { ok: "✅ passed", failed: "❌ failed", removed: "➖ removed", skipped: "⏭️ cancelled, not contacted" };
  const lines = [`### ${ok ? "✅ Check passed" : "❌ Check failed"}`, ""];
  if (tests !== undefined) lines.push(`- \`npm test\`: ${tests === "success" ? "passed" : tests}`);
  if (!checks.length) lines.push("- No library entry changed.");
  else {
    lines.push(`- Library entries: \`registry check\` and a live handshake for each changed entry`, "", "| entry | result |", "|---|---|");
    for (const c of checks) lines.push(`| \`${c.file}\` | ${icon[c.status]} |`);
    for (const c of checks.filter((x) => x.problems.length)) {
      lines.push("", `**\`${c.file}\`**`, "", ...c.problems.map((p) => `- ${p}`));
    }
  }
  lines.push("", ok ? "Safe to merge as far as the checks can tell." : "Fix the above and push again; this comment is updated on every run.");
  return lines.join("\n");
}

export { marker };

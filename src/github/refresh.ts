// `registry github refresh` (weekly and on demand): re-validates every library as the build does,
// opens or updates one pull request with the changed snapshots, and keeps one issue per library
// that has failed for longer than `refresh.fail_issue_after_days`, with the last error, closed by
// itself when the library recovers. When each failure started is kept in git too, in
// .registry/refresh-status.json on the refresh branch, so the job itself keeps no state.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RegistryConfig } from "../registry/config.ts";
import { loadEntries } from "../registry/entries.ts";
import { writeEntry } from "../registry/entry-store.ts";
import { formatSourceError } from "../registry/yaml-source.ts";
import type { DiscoverOptions } from "../registry/discover.ts";
import { isoSeconds } from "../registry/snapshot.ts";
import { refreshLibrary, type Refreshed } from "../build/refresh.ts";
import { mapPool } from "../build/pool.ts";
import { LOGO_FILE, LogoStore } from "../registry/logo-store.ts";
import type { GitHub, RepoRef } from "./api.ts";
import { branchHead, commitToBranch, defaultBranch, listFolder, readFileAt, restoreBranch } from "./git-data.ts";
import { changedFiles, ensurePullRequest, openPullRequestFor } from "./pulls.ts";
import { materialize, type GitHubTarget } from "./persist.ts";
import { handshakeOptions } from "./live-check.ts";
import { code } from "./plain-words.ts";
import { marker } from "./comments.ts";

export const REFRESH_BRANCH = "registry/refresh";
export const STATUS_PATH = ".registry/refresh-status.json";
export const FAILING_LABEL = "library-failing";

interface Status {
  /** Libraries failing now, by entry id: since when (RFC 3339). */
  failing: Record<string, { slug: string; since: string }>;
}

export interface RefreshDeps {
  gh: GitHub;
  repo: RepoRef;
  config: RegistryConfig;
  target: GitHubTarget;
  discover?: DiscoverOptions;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RefreshOutcome {
  checked: number;
  changed: string[];
  failing: { slug: string; since: string; reasons: string[] }[];
  pullRequest?: { number: number; created: boolean };
  opened: number[];
  updated: number[];
  closed: number[];
}

const DAY = 86_400_000;
const failureMarker = (id: string) => marker(`failing:${id}`);

function parseStatus(text: string | null): Status {
  if (!text) return { failing: {} };
  try {
    const v = JSON.parse(text);
    return v && typeof v.failing === "object" && v.failing ? { failing: v.failing } : { failing: {} };
  } catch {
    return { failing: {} };
  }
}

const statusText = (s: Status) => JSON.stringify({ failing: Object.fromEntries(Object.entries(s.failing).sort(([a], [b]) => a.localeCompare(b))) }, null, 2) + "\n";

function failureBody(r: Refreshed, since: string, now: Date, days: number, librariesPath: string): string {
  const e = r.loaded.entry;
  const title = String(e.snapshot?.title ?? r.loaded.slug);
  return [
    failureMarker(e.id),
    `The library ${code(title)} (\`${librariesPath}/${r.loaded.slug}.yaml\`, ${code(e.url)}) has failed every refresh since ${since} (${Math.floor((now.getTime() - Date.parse(since)) / DAY)} days; issues open after ${days}).`,
    "",
    `Last error (${isoSeconds(now)}):`,
    "",
    ...r.reasons.map((x) => `- ${code(x, 500)}`),
    "",
    r.info ? "The directory still lists it from its last validated snapshot." : "The directory does not list it: it never validated.",
    "Ask the library's staff to fix their server, or set `registry_stage: cancelled` to take it out. This issue closes by itself when the library passes a refresh again.",
  ].join("\n");
}

export async function refreshAll(deps: RefreshDeps): Promise<RefreshOutcome> {
  const { gh, repo, config, target } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? (() => {});
  const base = target.base ?? (await defaultBranch(gh, repo));
  const baseSha = await branchHead(gh, repo, base);
  if (!baseSha) throw new Error(`the base branch ${base} does not exist`);
  const scratch = mkdtempSync(join(tmpdir(), "registry-refresh-"));
  try {
    await materialize(target, baseSha, scratch);
    const baseTexts = new Map(readdirSync(scratch).map((n) => [n, readFileSync(join(scratch, n), "utf8")]));
    let statusSource = await readFileAt(gh, repo, baseSha, STATUS_PATH);
    const baseStatusText = statusSource;
    // What the open refresh pull request holds is the latest: snapshots not merged yet, failures' start.
    const open = await openPullRequestFor(gh, repo, REFRESH_BRANCH);
    if (open) {
      const prefix = `${target.librariesPath}/`;
      const names = new Set((await changedFiles(gh, repo, open.number)).filter((f) => f.status !== "removed" && f.path.startsWith(prefix)).map((f) => f.path.slice(prefix.length)));
      if (names.size) await materialize(target, open.head_sha, scratch, names);
      statusSource = (await readFileAt(gh, repo, open.head_sha, STATUS_PATH)) ?? statusSource;
    }
    const status = parseStatus(statusSource);

    const { entries, errors } = loadEntries(scratch, { cwd: scratch });
    if (errors.length) throw new Error(`the library entries on ${base} are invalid; fix them first:\n${errors.map(formatSourceError).join("\n")}`);
    const discover = deps.discover ?? { ...handshakeOptions(config), checkLinkBack: config.fetch.check_link_back };
    // Logos are converted as the build converts them; a changed snapshot's new logo goes into the
    // pull request as libraries/logos/<hash>.png, what an offline build publishes.
    // The base branch's logos are known by name only: no pull request adds them again.
    const baseLogos = new Set((await listFolder(gh, repo, baseSha, `${target.librariesPath}/logos`)).flatMap((f) => LOGO_FILE.exec(f.name)?.[1] ?? []));
    const logos = new LogoStore({ committedDir: join(scratch, "logos"), cacheDir: join(dirname(config.fetch.cache_dir), "logos"), committedElsewhere: baseLogos });
    const refreshed = await mapPool(entries, config.fetch.concurrency, (loaded) => refreshLibrary(loaded, { offline: false, now, discover, logos }));
    logos.save();

    const out: RefreshOutcome = { checked: refreshed.length, changed: [], failing: [], opened: [], updated: [], closed: [] };
    const next: Status = { failing: {} };
    for (const r of refreshed) {
      if (r.status === "changed" && r.newSnapshot) {
        writeEntry(r.loaded.path, { ...r.loaded.entry, updated: r.updated, snapshot: r.newSnapshot });
        out.changed.push(r.loaded.slug);
      }
      if (r.status === "stale" || r.status === "excluded") {
        const since = status.failing[r.loaded.entry.id]?.since ?? isoSeconds(now);
        next.failing[r.loaded.entry.id] = { slug: r.loaded.slug, since };
        out.failing.push({ slug: r.loaded.slug, since, reasons: r.reasons });
      }
    }

    // One issue per library failing longer than the configured days; closed when it recovers.
    const days = config.refresh.fail_issue_after_days;
    const issues = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, state: "open", labels: FAILING_LABEL, per_page: 100 });
    const issueOf = (id: string) => issues.find((i) => !i.pull_request && typeof i.body === "string" && i.body.startsWith(failureMarker(id)));
    for (const r of refreshed) {
      const id = r.loaded.entry.id;
      const failing = next.failing[id];
      const existing = issueOf(id);
      // `since` is when a refresh first saw the failure; it began before that, so a failure seen
      // `days` apart has lasted more than `days` (a weekly refresh opens the issue after 7 days, not 14).
      if (failing && now.getTime() - Date.parse(failing.since) >= days * DAY) {
        const body = failureBody(r, failing.since, now, days, target.librariesPath);
        if (existing) {
          await gh.rest.issues.update({ ...repo, issue_number: existing.number, body });
          out.updated.push(existing.number);
        } else {
          const title = `Library failing: ${String(r.loaded.entry.snapshot?.title ?? r.loaded.slug).replace(/[\r\n]+/g, " ").slice(0, 100)} (${r.loaded.slug})`;
          const { data } = await gh.rest.issues.create({ ...repo, title, body, labels: [FAILING_LABEL] });
          out.opened.push(data.number);
        }
      } else if (!failing && existing && (r.status === "fresh" || r.status === "changed")) {
        await gh.rest.issues.createComment({ ...repo, issue_number: existing.number, body: `The library passed the refresh of ${isoSeconds(now)} again: closing.` });
        await gh.rest.issues.update({ ...repo, issue_number: existing.number, state: "closed", state_reason: "completed" });
        out.closed.push(existing.number);
      }
    }

    // One pull request with every entry that differs from the base branch, and the failures' start.
    const files: Record<string, string | Uint8Array> = {};
    for (const name of readdirSync(scratch)) {
      if (!/\.ya?ml$/.test(name)) continue;
      const text = readFileSync(join(scratch, name), "utf8");
      if (baseTexts.get(name) !== text) files[`${target.librariesPath}/${name}`] = text;
    }
    for (const r of refreshed) {
      const hash = r.status === "changed" ? r.newSnapshot?.logo_png : undefined;
      if (hash && !baseLogos.has(hash) && logos.keep(hash)) files[`${target.librariesPath}/logos/${hash}.png`] = readFileSync(join(scratch, "logos", `${hash}.png`));
    }
    const nextStatus = statusText(next);
    if (nextStatus !== (baseStatusText ?? statusText({ failing: {} }))) files[STATUS_PATH] = nextStatus;
    if (Object.keys(files).length) {
      const commit = await commitToBranch(gh, repo, { baseSha, branch: REFRESH_BRANCH, files, message: `Refresh library snapshots (${isoSeconds(now)})` });
      try {
        const pr = await ensurePullRequest(gh, repo, { branch: REFRESH_BRANCH, base, title: "Refresh library snapshots", body: refreshBody(out, files, now) });
        out.pullRequest = { number: pr.number, created: pr.created };
      } catch (err) {
        await restoreBranch(gh, repo, REFRESH_BRANCH, commit.previous).catch(() => undefined);
        throw err;
      }
    }
    log(`Refreshed ${out.checked} libraries: ${out.changed.length} changed, ${out.failing.length} failing.`);
    return out;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function refreshBody(out: RefreshOutcome, files: Record<string, string | Uint8Array>, now: Date): string {
  const lines = [
    `The weekly refresh of ${isoSeconds(now)} re-validated ${out.checked} libraries. Merging keeps the snapshots (what the directory lists when a library's server is down) current.`,
    "",
  ];
  const entries = Object.keys(files).filter((f) => f !== STATUS_PATH && typeof files[f] === "string");
  const logos = Object.keys(files).filter((f) => typeof files[f] !== "string");
  if (entries.length) lines.push(`Snapshots changed (${entries.length}):`, "", ...entries.map((f) => `- \`${f}\``), "");
  if (logos.length) lines.push(`New logos (${logos.length}), as the directory publishes them (135×135 at most, PNG): review them in the pull request's files.`, "");
  if (out.failing.length) lines.push(`Failing now (${out.failing.length}):`, "", ...out.failing.map((f) => `- \`${f.slug}\` since ${f.since}: ${code(f.reasons[0] ?? "unknown", 200)}`), "");
  if (files[STATUS_PATH] !== undefined) lines.push(`\`${STATUS_PATH}\` records since when each failing library has failed.`);
  return lines.join("\n");
}

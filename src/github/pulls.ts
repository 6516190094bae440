// One pull request per branch: found by its head, updated in place, created only when none is open.
import type { GitHub, RepoRef } from "./api.ts";
import { statusOf } from "./api.ts";

export interface PullRequestRef {
  number: number;
  html_url: string;
  created: boolean;
}

export async function openPullRequestFor(gh: GitHub, repo: RepoRef, branch: string): Promise<{ number: number; html_url: string; head_sha: string } | null> {
  const { data } = await gh.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 10 });
  const pr = data[0];
  return pr ? { number: pr.number, html_url: pr.html_url, head_sha: pr.head.sha } : null;
}

export async function ensurePullRequest(
  gh: GitHub,
  repo: RepoRef,
  opts: { branch: string; base: string; title: string; body: string },
): Promise<PullRequestRef> {
  const update = async (number: number): Promise<PullRequestRef> => {
    const { data } = await gh.rest.pulls.update({ ...repo, pull_number: number, title: opts.title, body: opts.body });
    return { number: data.number, html_url: data.html_url, created: false };
  };
  const open = await openPullRequestFor(gh, repo, opts.branch);
  if (open) return update(open.number);
  try {
    const { data } = await gh.rest.pulls.create({ ...repo, head: opts.branch, base: opts.base, title: opts.title, body: opts.body });
    return { number: data.number, html_url: data.html_url, created: true };
  } catch (err) {
    // Another run opened it a moment ago: use that one, never a second.
    if (statusOf(err) === 422) {
      const again = await openPullRequestFor(gh, repo, opts.branch);
      if (again) return update(again.number);
    }
    throw err;
  }
}

/** Paths a pull request adds or changes (removed files excluded). */
export async function changedFiles(gh: GitHub, repo: RepoRef, number: number): Promise<{ path: string; status: string }[]> {
  const files = await gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 });
  return files.map((f) => ({ path: f.filename, status: f.status }));
}

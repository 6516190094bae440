// One comment per purpose on an issue or pull request, found by a hidden marker and edited in
// place on every run, so a conversation never fills up with bot messages.
import type { GitHub, RepoRef } from "./api.ts";
import { statusOf } from "./api.ts";

export const marker = (name: string) => `<!-- opds-registry:${name} -->`;

export async function upsertComment(gh: GitHub, repo: RepoRef, issue: number, name: string, body: string, opts: { create?: boolean } = {}): Promise<{ id: number; created: boolean } | null> {
  const tag = marker(name);
  const text = `${tag}\n${body}`;
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  const mine = comments.find((c) => typeof c.body === "string" && c.body.startsWith(tag));
  if (mine) {
    await gh.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: text });
    return { id: mine.id, created: false };
  }
  if (opts.create === false) return null;
  const { data } = await gh.rest.issues.createComment({ ...repo, issue_number: issue, body: text });
  return { id: data.id, created: true };
}

/** Whether the issue already has our comment of this purpose. */
export async function hasComment(gh: GitHub, repo: RepoRef, issue: number, name: string): Promise<boolean> {
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  return comments.some((c) => typeof c.body === "string" && c.body.startsWith(marker(name)));
}

export async function addLabel(gh: GitHub, repo: RepoRef, issue: number, label: string): Promise<void> {
  await gh.rest.issues.addLabels({ ...repo, issue_number: issue, labels: [label] });
}

export async function removeLabel(gh: GitHub, repo: RepoRef, issue: number, label: string): Promise<void> {
  try {
    await gh.rest.issues.removeLabel({ ...repo, issue_number: issue, name: label });
  } catch (err) {
    if (statusOf(err) !== 404) throw err; // not there: nothing to remove
  }
}

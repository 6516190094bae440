// Branches, files and commits through the REST API's git data endpoints (no local clone, no
// `git push`), so the same code serves a workflow and `registry serve`. Every branch we write is
// the base branch plus our files: a rerun replaces what the branch holds, and a base branch that
// moved on is merged in, so the pull request's diff is only ever the registration.
import { createHash } from "node:crypto";
import type { GitHub, RepoRef } from "./api.ts";
import { statusOf } from "./api.ts";

/** The id git gives a file's bytes: lets us skip downloading what the checkout already holds. */
export function gitBlobSha(content: Buffer | string): string {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export async function defaultBranch(gh: GitHub, repo: RepoRef): Promise<string> {
  const { data } = await gh.rest.repos.get({ ...repo });
  return data.default_branch;
}

/** The commit a branch points at, or null when there is no such branch. */
export async function branchHead(gh: GitHub, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

export interface TreeFile {
  name: string;
  sha: string;
}

/** The files (blobs) directly inside `dir` (a posix path, "" for the root) at a commit. */
export async function listFolder(gh: GitHub, repo: RepoRef, commitSha: string, dir: string): Promise<TreeFile[]> {
  const { data: commit } = await gh.rest.git.getCommit({ ...repo, commit_sha: commitSha });
  let treeSha = commit.tree.sha;
  for (const part of dir.split("/").filter(Boolean)) {
    const { data } = await gh.rest.git.getTree({ ...repo, tree_sha: treeSha });
    const next = data.tree.find((t) => t.path === part && t.type === "tree");
    if (!next?.sha) return [];
    treeSha = next.sha;
  }
  const { data } = await gh.rest.git.getTree({ ...repo, tree_sha: treeSha });
  if (data.truncated) throw new Error(`the folder ${dir} is too large for one tree listing`);
  return data.tree.filter((t) => t.type === "blob" && t.path && t.sha).map((t) => ({ name: t.path!, sha: t.sha! }));
}

export async function readBlob(gh: GitHub, repo: RepoRef, sha: string): Promise<Buffer> {
  const { data } = await gh.rest.git.getBlob({ ...repo, file_sha: sha });
  return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
}

/** Another writer changed the branch between our read and our write: start over. */
export class BranchMoved extends Error {}

export interface CommitResult {
  sha: string;
  /** Where the branch pointed before (null: we created it). */
  previous: string | null;
}

/**
 * Points `branch` at a new commit whose tree is the base branch's tree plus `files` (posix path →
 * text, or bytes for a binary file). Never forces: when someone else moved the branch meanwhile,
 * throws BranchMoved.
 */
export async function commitToBranch(
  gh: GitHub,
  repo: RepoRef,
  opts: { baseSha: string; branch: string; files: Record<string, string | Uint8Array>; message: string },
): Promise<CommitResult> {
  const { data: baseCommit } = await gh.rest.git.getCommit({ ...repo, commit_sha: opts.baseSha });
  const head = await branchHead(gh, repo, opts.branch);
  let parents = [opts.baseSha];
  if (head && head !== opts.baseSha) {
    const { data: headCommit } = await gh.rest.git.getCommit({ ...repo, commit_sha: head });
    // Our commits always have the base they were made on as a parent; a base that moved is merged in.
    parents = headCommit.parents.some((p) => p.sha === opts.baseSha) ? [head] : [head, opts.baseSha];
  }
  // Text goes inline; bytes (a logo PNG) as a base64 blob first, which the tree then names.
  const entries = [];
  for (const [path, content] of Object.entries(opts.files)) {
    if (typeof content === "string") entries.push({ path, mode: "100644" as const, type: "blob" as const, content });
    else {
      const { data: blob } = await gh.rest.git.createBlob({ ...repo, content: Buffer.from(content).toString("base64"), encoding: "base64" });
      entries.push({ path, mode: "100644" as const, type: "blob" as const, sha: blob.sha });
    }
  }
  const { data: tree } = await gh.rest.git.createTree({ ...repo, base_tree: baseCommit.tree.sha, tree: entries });
  const { data: commit } = await gh.rest.git.createCommit({ ...repo, message: opts.message, tree: tree.sha, parents });
  try {
    if (head) await gh.rest.git.updateRef({ ...repo, ref: `heads/${opts.branch}`, sha: commit.sha, force: false });
    else await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${opts.branch}`, sha: commit.sha });
  } catch (err) {
    if (statusOf(err) === 422) throw new BranchMoved(`branch ${opts.branch} changed while we wrote it`);
    throw err;
  }
  return { sha: commit.sha, previous: head };
}

/** Undoes commitToBranch: deletes a branch we created, or puts it back where it was. */
export async function restoreBranch(gh: GitHub, repo: RepoRef, branch: string, previous: string | null): Promise<void> {
  if (previous === null) await gh.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` });
  else await gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: previous, force: true });
}

/** The text of one file at a commit, or null when it is not there. */
export async function readFileAt(gh: GitHub, repo: RepoRef, commitSha: string, path: string): Promise<string | null> {
  const slash = path.lastIndexOf("/");
  const files = await listFolder(gh, repo, commitSha, slash < 0 ? "" : path.slice(0, slash));
  const f = files.find((x) => x.name === path.slice(slash + 1));
  return f ? (await readBlob(gh, repo, f.sha)).toString("utf8") : null;
}

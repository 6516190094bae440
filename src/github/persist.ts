// A registration persisted as a pull request: the handshake (`registerLibrary`) runs against a
// scratch copy of the libraries folder as the base branch has it (plus what the registration's
// own open pull request already holds, so a rerun keeps its id, short name and secret), and the
// file it writes is committed to the registration's branch through the API. Nothing is kept here:
// GitHub holds every state, so any number of processes can do this at once.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { readEntryFile } from "../registry/entries.ts";
import { unseal } from "../registry/sealed.ts";
import { registerLibrary, type RegistrationContext, type RegistrationRequest, type RegistrationResult } from "../registry/register.ts";
import type { GitHub, RepoRef } from "./api.ts";
import { BranchMoved, branchHead, commitToBranch, defaultBranch, gitBlobSha, listFolder, readBlob, restoreBranch } from "./git-data.ts";
import { changedFiles, ensurePullRequest, openPullRequestFor, type PullRequestRef } from "./pulls.ts";

export interface GitHubTarget {
  gh: GitHub;
  repo: RepoRef;
  /** The branch pull requests go to (default: the repository's default branch). */
  base?: string;
  /** The libraries folder's path inside the repository (posix), e.g. "libraries". */
  librariesPath: string;
  /** A local copy of that folder (a checkout), used only to avoid downloading files it already has. */
  localDir?: string;
}

export interface PullRequestText {
  /**
   * The branch's own pending entry was issued by an earlier run of this same request (an issue only
   * its author and the maintainers can edit): its secret proves the caller for a change of stage.
   */
  branchProvesIdentity?: boolean;
  titleOf: (result: Extract<RegistrationResult, { ok: true }>) => string;
  body: (result: Extract<RegistrationResult, { ok: true }>) => string;
  message: (result: Extract<RegistrationResult, { ok: true }>) => string;
}

export type PersistedRegistration =
  | { ok: true; result: Extract<RegistrationResult, { ok: true }>; pullRequest: PullRequestRef; file: string }
  | { ok: false; result: Extract<RegistrationResult, { ok: false }> };

// Scratch folders are reused: the entry parser caches by path and the handshake keeps one lock
// per folder, so a long-running `registry serve` must not mint a new path per registration.
const freeScratch: string[] = [];
function takeScratch(): string {
  const dir = freeScratch.pop() ?? mkdtempSync(join(tmpdir(), "registry-github-"));
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  return dir;
}
function releaseScratch(dir: string): void {
  freeScratch.push(dir);
}

const isEntryFile = (name: string) => name.endsWith(".yaml") || name.endsWith(".yml");

/** Fills `dest` with the libraries folder as it is at `commitSha` (only the files named in `only`, if given). */
export async function materialize(t: GitHubTarget, commitSha: string, dest: string, only?: Set<string>): Promise<void> {
  const files = await listFolder(t.gh, t.repo, commitSha, t.librariesPath);
  for (const f of files) {
    if (!isEntryFile(f.name) || (only && !only.has(f.name))) continue;
    const local = t.localDir ? join(t.localDir, f.name) : undefined;
    if (local && existsSync(local) && gitBlobSha(readFileSync(local)) === f.sha) copyFileSync(local, join(dest, f.name));
    else writeFileSync(join(dest, f.name), await readBlob(t.gh, t.repo, f.sha));
  }
}

/** Runs the handshake and opens (or updates) the pull request on `branch`. */
export async function registerThroughGitHub(
  req: RegistrationRequest,
  ctx: RegistrationContext,
  target: GitHubTarget,
  branch: string,
  text: PullRequestText,
): Promise<PersistedRegistration> {
  const { gh, repo } = target;
  const base = target.base ?? (await defaultBranch(gh, repo));
  for (let attempt = 0; ; attempt++) {
    const scratch = takeScratch();
    try {
      const baseSha = await branchHead(gh, repo, base);
      if (!baseSha) throw new Error(`the base branch ${base} does not exist`);
      await materialize(target, baseSha, scratch);
      const onBase = new Set(readdirSync(scratch));
      let authorization = req.authorization;
      // What this registration's open pull request already holds wins over the base: its id,
      // short name and sealed secret were issued on an earlier run and must be kept.
      const open = await openPullRequestFor(gh, repo, branch);
      if (open) {
        const prefix = `${target.librariesPath}/`;
        const mine = (await changedFiles(gh, repo, open.number)).filter((f) => f.path.startsWith(prefix) && isEntryFile(f.path));
        for (const f of mine) if (f.status === "removed") rmSync(join(scratch, f.path.slice(prefix.length)), { force: true });
        const names = new Set(mine.filter((f) => f.status !== "removed").map((f) => f.path.slice(prefix.length)));
        if (names.size) await materialize(target, open.head_sha, scratch, names);
        if (text.branchProvesIdentity && !authorization && ctx.registryPrivateKey) {
          authorization = pendingSecret([...names].filter((n) => !onBase.has(n)).map((n) => join(scratch, n)), req.url, ctx.registryPrivateKey) ?? authorization;
        }
      }

      const result = await registerLibrary({ ...req, authorization }, { ...ctx, librariesDir: scratch });
      if (!result.ok) return { ok: false, result };

      const file = `${target.librariesPath}/${basename(result.path)}`;
      const files: Record<string, string | Uint8Array> = { [file]: readFileSync(result.path, "utf8") };
      // The converted logo the snapshot names goes in with it: an offline build publishes it.
      const logo = result.entry.snapshot?.logo_png;
      if (logo && existsSync(join(scratch, "logos", `${logo}.png`))) files[`${target.librariesPath}/logos/${logo}.png`] = readFileSync(join(scratch, "logos", `${logo}.png`));
      const commit = await commitToBranch(gh, repo, {
        baseSha,
        branch,
        files,
        message: text.message(result),
      });
      try {
        const pullRequest = await ensurePullRequest(gh, repo, { branch, base, title: text.titleOf(result), body: text.body(result) });
        return { ok: true, result, pullRequest, file };
      } catch (err) {
        // Never leave a branch without its pull request (or a pull request showing a commit whose
        // answer the library never got): put the branch back as it was.
        await restoreBranch(gh, repo, branch, commit.previous).catch(() => undefined);
        throw err;
      }
    } catch (err) {
      if (err instanceof BranchMoved && attempt < 3) continue;
      throw err;
    } finally {
      releaseScratch(scratch);
    }
  }
}

/**
 * `Bearer <secret>` of the new entry (not on the base branch) that this branch already holds for
 * `url`: only for the same URL, so an edited request can never carry one library's secret to another.
 */
function pendingSecret(paths: string[], url: string | undefined, privateKey: string): string | undefined {
  for (const p of paths) {
    const e = readEntryFile(p).loaded?.entry;
    if (!e?.shared_secret || e.url !== url?.trim()) continue;
    try {
      return `Bearer ${unseal(e.shared_secret, privateKey)}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

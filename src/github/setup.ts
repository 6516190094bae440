// Wiring for the `registry github …` commands: the Actions environment, the config, the client and
// where the repository's files are (the folder of registry.config.yaml is the repository's root).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { RegistryConfig } from "../registry/config.ts";
import { createGitHub, type GitHub, type RepoRef } from "./api.ts";
import { actionsEnv, type ActionsEnv } from "./env.ts";
import { ISSUE_FORM_PATH } from "./issue-form.ts";
import type { GitHubTarget } from "./persist.ts";

export interface GitHubSetup {
  env: ActionsEnv;
  gh: GitHub;
  repo: RepoRef;
  root: string;
  target: GitHubTarget;
}

export function repositoryRoot(cfg: RegistryConfig): string {
  return cfg.source ? dirname(cfg.source) : process.cwd();
}

/** The libraries folder as a path inside the repository. */
export function librariesPathIn(cfg: RegistryConfig, root = repositoryRoot(cfg)): string {
  const rel = relative(root, cfg.libraries_dir);
  if (!rel || rel.startsWith("..")) throw new Error(`libraries_dir (${cfg.libraries_dir}) must be inside the repository (${root})`);
  return rel.split(sep).join("/");
}

export function gitHubSetup(cfg: RegistryConfig, processEnv: NodeJS.ProcessEnv, opts: { needEvent?: boolean; eventFile?: string; log?: (line: string) => void } = {}): GitHubSetup {
  const env = actionsEnv(processEnv, opts);
  const gh = createGitHub({ token: env.token, apiUrl: env.apiUrl, log: opts.log });
  const repo = { owner: env.owner, repo: env.repo };
  const root = repositoryRoot(cfg);
  return { env, gh, repo, root, target: { gh, repo, librariesPath: librariesPathIn(cfg, root), localDir: cfg.libraries_dir } };
}

export function readIssueForm(root: string): string {
  const path = join(root, ISSUE_FORM_PATH);
  if (!existsSync(path)) throw new Error(`the issue form ${ISSUE_FORM_PATH} is missing from ${root}: the onboarding reads the issue by its field ids`);
  return readFileSync(path, "utf8");
}

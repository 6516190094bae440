// The standard GitHub Actions environment, read in one place: the event that started the job
// (GITHUB_EVENT_PATH, or --event FILE), the repository, the token and the REST API's base URL
// (GITHUB_API_URL: GitHub Enterprise or a loopback stand-in work unchanged).
import { readFileSync } from "node:fs";
import type { RepoRef } from "./api.ts";

export interface ActionsEnv extends RepoRef {
  token: string;
  apiUrl: string;
  eventPath?: string;
}

export class EnvError extends Error {}

export function actionsEnv(env: NodeJS.ProcessEnv, opts: { needEvent?: boolean; eventFile?: string } = {}): ActionsEnv {
  const repository = env.GITHUB_REPOSITORY ?? "";
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!m) throw new EnvError(`GITHUB_REPOSITORY must be owner/name${repository ? `, not '${repository}'` : " (it is not set)"}`);
  const token = env.GITHUB_TOKEN ?? "";
  if (!token) throw new EnvError("GITHUB_TOKEN is not set: pass the workflow's token (env: GITHUB_TOKEN: ${{ github.token }})");
  const apiUrl = env.GITHUB_API_URL || "https://api.github.com";
  try {
    const u = new URL(apiUrl);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error();
  } catch {
    throw new EnvError(`GITHUB_API_URL must be an http(s) URL, not '${apiUrl}'`);
  }
  const eventPath = opts.eventFile ?? (env.GITHUB_EVENT_PATH || undefined);
  if (opts.needEvent && !eventPath) throw new EnvError("no event: give --event FILE or set GITHUB_EVENT_PATH");
  return { owner: m[1], repo: m[2], token, apiUrl, eventPath };
}

/** The webhook payload of the event, as GitHub wrote it to a file. */
export function readEvent(path: string): Record<string, any> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new EnvError(`cannot read the event file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch (err) {
    throw new EnvError(`the event file ${path} is not a JSON object: ${(err as Error).message}`);
  }
}

// Health endpoints as the reference registries serve them (feeds.md §1): NYPL's `/heartbeat`
// (application/vnd.health+json, `{"status": "pass"}` plus the version) and Palace's
// `/version.json` (the running version and commit), for load balancers and uptime checks.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const HEALTH_JSON = "application/vnd.health+json";
const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

export interface VersionInfo {
  version: string;
  commit: string | null;
  branch: string | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: PROJECT, encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    return null;
  }
}

/** Read once at start: the package version, and the commit from REGISTRY_COMMIT or git. */
export function versionInfo(env: NodeJS.ProcessEnv = process.env): VersionInfo {
  const version = (JSON.parse(readFileSync(new URL("package.json", `file://${PROJECT}`), "utf8")) as { version: string }).version;
  const commit = env.REGISTRY_COMMIT || git(["rev-parse", "HEAD"]);
  const branch = env.REGISTRY_BRANCH || git(["rev-parse", "--abbrev-ref", "HEAD"]);
  return { version, commit, branch: branch === "HEAD" ? null : branch };
}

export function heartbeat(v: VersionInfo): Record<string, string> {
  const out: Record<string, string> = { status: "pass", version: v.version };
  if (v.commit) out.releaseID = v.commit;
  return out;
}

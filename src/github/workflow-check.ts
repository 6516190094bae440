// Checks over .github/workflows/* beyond what actionlint knows: every script, command and local
// action a workflow names exists here; no `${{ … }}` is interpolated into a `run:` line (issue and
// pull request text reach scripts only through env or files); every job says its `permissions`;
// and no workflow runs with write access on an untrusted pull request's code.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface WorkflowProblem {
  file: string;
  message: string;
}

/** What `registry github` answers to; kept here so a workflow can never call one that is not. */
export const GITHUB_SUBCOMMANDS = ["onboard", "check-pr", "refresh"] as const;

const NPM_BUILTIN = new Set(["ci", "install", "test", "exec", "pack"]);

function commandsIn(run: string, root: string, pkg: { scripts?: Record<string, string> }): string[] {
  const missing: string[] = [];
  for (const m of run.matchAll(/\b(?:npx|npm run|npm exec(?: --)?) registry\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?/g)) {
    const [, cmd, sub] = m;
    if (!existsSync(join(root, "scripts/commands", `${cmd}.ts`))) missing.push(`registry ${cmd}: no scripts/commands/${cmd}.ts`);
    else if (cmd === "github" && !(GITHUB_SUBCOMMANDS as readonly string[]).includes(sub ?? "")) missing.push(`registry github ${sub ?? ""}: not one of ${GITHUB_SUBCOMMANDS.join(", ")}`);
  }
  for (const m of run.matchAll(/\bnpm run ([\w:.-]+)/g)) {
    if (m[1] !== "registry" && !pkg.scripts?.[m[1]]) missing.push(`npm run ${m[1]}: no such script in package.json`);
  }
  for (const m of run.matchAll(/\bnpm (\w+)/g)) {
    if (m[1] === "test" && !pkg.scripts?.test) missing.push("npm test: package.json has no test script");
    if (!NPM_BUILTIN.has(m[1]) && m[1] !== "run") missing.push(`npm ${m[1]}: not a command the workflows should use`);
  }
  for (const m of run.matchAll(/(?:^|\s)((?:\.\/|\.ci\/|scripts\/|bin\/)[\w./-]+)/g)) {
    if (!existsSync(join(root, m[1]))) missing.push(`${m[1]}: no such file`);
  }
  for (const script of nodeScripts(run)) {
    if (!existsSync(join(root, script))) missing.push(`${script}: no such file`);
  }
  return missing;
}

const SCRIPT_FILE = /^[\w./-]+\.(?:m?js|ts)$/;

/**
 * The script each `node [--option [value]]… script.ts` runs, read token by token (a single
 * regular expression for it backtracks exponentially on a long run of options).
 */
function nodeScripts(run: string): string[] {
  const out: string[] = [];
  const tokens = run.split(/\s/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== "node") continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j].startsWith("--")) {
      // `--import tsx`: a separate value, unless the option carries it (`--x=y`) or the next token is the script.
      const next = tokens[j + 1];
      j += !tokens[j].includes("=") && next !== undefined && !next.startsWith("--") && !SCRIPT_FILE.test(next) ? 2 : 1;
    }
    // The longest prefix that is a path (a script followed by `;`, `&&`, a quote).
    const script = /^[\w./-]*/.exec(tokens[j] ?? "")![0];
    if (SCRIPT_FILE.test(script)) out.push(script);
  }
  return out;
}

export function checkWorkflow(file: string, text: string, root: string): WorkflowProblem[] {
  const out: WorkflowProblem[] = [];
  const say = (message: string) => out.push({ file, message });
  const wf = parse(text) as Record<string, any>;
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const on = wf.on ?? wf[true as any];
  const events = typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
  if (events.includes("pull_request_target")) say("pull_request_target runs with write access next to untrusted code: use pull_request");
  for (const [name, job] of Object.entries<any>(wf.jobs ?? {})) {
    if (job.permissions === undefined && wf.permissions === undefined) say(`job ${name}: no permissions: declare the least it needs`);
    for (const [i, step] of (job.steps ?? []).entries()) {
      const where = `job ${name}, step ${step.name ?? step.uses ?? i + 1}`;
      if (typeof step.uses === "string" && step.uses.startsWith("./") && !existsSync(join(root, step.uses))) say(`${where}: ${step.uses}: no such local action`);
      if (typeof step.run !== "string") continue;
      if (step.run.includes("${{")) say(`${where}: \${{ … }} inside run: pass the value through env: instead`);
      for (const m of commandsIn(step.run, root, pkg)) say(`${where}: ${m}`);
    }
  }
  return out;
}

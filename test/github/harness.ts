// What the GitHub automation tests share: the REST stand-in, libraries served on loopback, a
// registry with its key pair, and real webhook payloads from @octokit/webhooks-examples with the
// fields a registration issue changes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync, privateDecrypt, constants } from "node:crypto";
import { createRequire } from "node:module";
import { withDefaults, type RegistryConfig } from "../../src/registry/config.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { createGitHub } from "../../src/github/api.ts";
import { ISSUE_FORM_PATH } from "../../src/github/issue-form.ts";
import type { OnboardDeps } from "../../src/github/onboard.ts";
import { json, type RoutesServer } from "../support/routes-server.ts";
import { StandIn } from "./stand-in.ts";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples") as { name: string; examples: any[] }[];

export const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
export const registryKeys = generateRegistryKeyPair(2048);
export const libraryKeys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
export const template = readFileSync(new URL(`../../${ISSUE_FORM_PATH}`, import.meta.url), "utf8");

/** What the circulation manager does with the registration document. */
export const decrypt = (b64: string) => privateDecrypt({ key: libraryKeys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(b64, "base64")).toString("utf8");

/** A real webhook payload of `name`/`action`, deep-copied. */
export function example(name: string, action?: string): any {
  const group = examples.find((e) => e.name === name);
  const found = group?.examples.find((x) => (action === undefined ? true : x.action === action));
  if (!found) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

export function formBody(url: string, stage = "testing", notes = "_No response_"): string {
  return `### Authentication for OPDS document URL\n\n${url}\n\n### Stage\n\n${stage}\n\n### Notes for the maintainers (optional)\n\n${notes}\n`;
}

/** An `issues` event for an issue of the stand-in, as GitHub would send it. */
export function issueEvent(gh: StandIn, action: string, number: number, extra: Record<string, unknown> = {}): any {
  const e = example("issues", action);
  const issue = gh.issues.get(number)!;
  e.issue = { ...e.issue, number, title: issue.title, body: issue.body, state: issue.state, labels: issue.labels.map((name) => ({ name })) };
  delete e.issue.pull_request;
  e.repository = { ...e.repository, full_name: gh.repository, name: gh.name, owner: { ...e.repository.owner, login: gh.owner } };
  return Object.assign(e, extra);
}

/** A library at /<name>/auth on `srv` whose start feed links back (or not). */
export function library(srv: RoutesServer, name: string, opts: { publicKey?: boolean; linkBack?: boolean; doc?: Record<string, unknown> } = {}) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: "mailto:help@lib.example" }],
    ...(opts.publicKey === false ? {} : { public_key: { type: "RSA", value: libraryKeys.publicKey } }),
    ...opts.doc,
  }));
  const link = opts.linkBack === false ? "" : `<link rel="http://opds-spec.org/auth/document" href="${auth}"/>`;
  srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom">${link}</feed>` });
  return auth;
}

export function registryConfig(extra: Record<string, unknown> = {}): { cfg: RegistryConfig; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "github-registry-"));
  writeFileSync(join(dir, "registry-public-key.pem"), registryKeys.publicKeyPem);
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 2 }, ...extra }, dir, null);
  return { cfg, dir };
}

export interface Waits { ms: number[] }

export function deps(gh: StandIn, cfg: RegistryConfig, waits: Waits = { ms: [] }): OnboardDeps {
  const client = createGitHub({ token: gh.token, apiUrl: gh.base, sleep: async (ms) => void waits.ms.push(ms) });
  const repo = { owner: gh.owner, repo: gh.name };
  return {
    gh: client,
    repo,
    ctx: registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem } }),
    target: { gh: client, repo, librariesPath: "libraries", localDir: cfg.libraries_dir },
    template,
  };
}

export async function standIn(files: Record<string, string> = { "README.md": "registry\n" }): Promise<StandIn> {
  const gh = await new StandIn().start();
  gh.seed(files);
  return gh;
}

// `registry serve` with register.persist: github: POST /register becomes a pull request through
// the API, nothing is written locally, and two instances behind a load balancer agree (no state).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "yaml";
import { createRegistryServer } from "../../src/server/server.ts";
import { gitHubRegistrar, urlBranch } from "../../src/github/registrar.ts";
import { createGitHub } from "../../src/github/api.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { startRoutes, type RoutesServer } from "../support/routes-server.ts";
import { decrypt, library, registryConfig, registryKeys, standIn } from "./harness.ts";
import type { StandIn } from "./stand-in.ts";

let srv: RoutesServer;
let gh: StandIn;
const servers: Server[] = [];
test.before(async () => {
  srv = await startRoutes();
  gh = await standIn();
});
test.after(async () => {
  for (const s of servers) await new Promise((ok) => s.close(ok));
  await srv.close();
  await gh.close();
});

async function instance(): Promise<{ origin: string; localDir: string }> {
  const { cfg } = registryConfig({ register: { persist: "github" } });
  const out = mkdtempSync(join(tmpdir(), "serve-out-"));
  const client = createGitHub({ token: gh.token, apiUrl: gh.base, sleep: async () => {} });
  const repo = { owner: gh.owner, repo: gh.name };
  const server = createRegistryServer({
    outDir: out,
    registration: registrationContext(cfg, { env: { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem } }),
    register: gitHubRegistrar({ gh: client, repo, librariesPath: "libraries", localDir: cfg.libraries_dir }),
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, localDir: cfg.libraries_dir };
}

const post = (origin: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${origin}/register`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields).toString() });

test("POST /register opens a pull request instead of writing the folder; a second instance updates the same one", async () => {
  const a = await instance();
  const b = await instance();
  const url = library(srv, "served");
  const first = await post(a.origin, { url, stage: "testing" });
  assert.is(first.status, 201);
  const doc = await first.json();
  assert.is(gh.pulls.length, 1);
  const branch = urlBranch(url);
  assert.is(gh.pulls[0].head, branch);
  const entry = parse(gh.filesOf(branch)["libraries/library-served.yaml"]);
  assert.is(entry.url, url);
  assert.not.ok(existsSync(a.localDir) && readdirSync(a.localDir).length, "nothing written locally");

  // The other instance knows nothing but GitHub: it finds the pending entry, keeps id and secret.
  const again = await post(b.origin, { url, stage: "testing" });
  assert.is(again.status, 200);
  const doc2 = await again.json();
  assert.is(gh.pulls.length, 1);
  assert.is(doc2.metadata.id, doc.metadata.id);
  assert.is(decrypt(doc2.metadata.shared_secret), decrypt(doc.metadata.shared_secret));
});

test("the secret changes only on a reset with the current secret, in the same pull request", async () => {
  const a = await instance();
  const url = library(srv, "rotating");
  const first = await (await post(a.origin, { url })).json();
  const old = decrypt(first.metadata.shared_secret);
  const plain = await (await post(a.origin, { url, reset_shared_secret: "true" })).json();
  assert.is(decrypt(plain.metadata.shared_secret), old, "no reset without the secret");
  const wrong = await post(a.origin, { url, reset_shared_secret: "true" }, { Authorization: "Bearer 00" });
  assert.is(wrong.status, 401);
  const rotated = await (await post(a.origin, { url, reset_shared_secret: "true" }, { Authorization: `Bearer ${old}` })).json();
  const fresh = decrypt(rotated.metadata.shared_secret);
  assert.is.not(fresh, old);
  assert.is(gh.pulls.filter((p) => p.head === urlBranch(url)).length, 1);
  const again = await (await post(a.origin, { url })).json();
  assert.is(decrypt(again.metadata.shared_secret), fresh, "the pull request now holds the new secret");
});

test("a failed handshake writes nothing; GitHub being down answers 503 with Retry-After, nothing half-done", async () => {
  const a = await instance();
  const before = gh.writes().length;
  const bad = await post(a.origin, { url: library(srv, "unlinked", { linkBack: false }) });
  assert.is(bad.status, 400);
  assert.is(gh.writes().length, before);

  const url = library(srv, "outage");
  for (let i = 0; i < 4; i++) gh.fail("POST", /\/pulls$/, 502);
  const down = await post(a.origin, { url });
  assert.is(down.status, 503);
  assert.is(down.headers.get("retry-after"), "60");
  assert.match((await down.json()).detail, "Nothing was recorded");
  assert.not.ok(gh.refs.has(urlBranch(url)), "the branch was removed with its failed pull request");
});

test.run();

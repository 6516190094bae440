// Service areas in the registration handshake: unknown and ambiguous names are warnings with
// their candidates and the library registers; `policy.reject_unresolved_places` makes them fail.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDefaults } from "../../src/registry/config.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { startRoutes, json, type RoutesServer } from "../support/routes-server.ts";

const ATOM = "application/atom+xml;profile=opds-catalog;kind=acquisition";
let srv: RoutesServer;
test.before(async () => {
  srv = await startRoutes();
});
test.after(async () => {
  await srv.close();
});

function library(name: string, serviceArea: unknown) {
  const auth = `${srv.base}/${name}/auth`;
  srv.set(`/${name}/auth`, json({
    id: auth,
    title: `Library ${name}`,
    authentication: [{ type: "http://opds-spec.org/auth/basic" }],
    links: [{ rel: "start", href: `${srv.base}/${name}/`, type: ATOM }, { rel: "help", href: `mailto:help@${name}.example` }],
    service_area: serviceArea,
  }));
  srv.set(`/${name}/`, { type: ATOM, body: `<feed xmlns="http://www.w3.org/2005/Atom"><link rel="http://opds-spec.org/auth/document" href="${auth}"/></feed>` });
  return auth;
}

function workspace(reject?: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "register-places-"));
  const cfg = withDefaults({ title: "T", base_url: "https://registry.test", fetch: { allow_hosts: ["127.0.0.1"], timeout_seconds: 2 }, ...(reject === undefined ? {} : { policy: { reject_unresolved_places: reject } }) }, dir, null);
  return cfg;
}

test("an ambiguous and an unknown name: registered, with a warning naming each and its candidates", async () => {
  const cfg = workspace();
  const url = library("springfield", { US: ["Springfield", "Nowheresville", "Kings County, NY"] });
  const r = await registerLibrary({ url, stage: "production" }, registrationContext(cfg, { env: {} }));
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  assert.is(r.status, 201);
  const details = r.warnings.map((w) => w.detail ?? "");
  const ambiguous = details.find((d) => d.includes("US: Springfield"));
  assert.ok(ambiguous, details.join("\n"));
  assert.match(ambiguous!, "was ambiguous");
  assert.match(ambiguous!, "Springfield, IL");
  assert.ok(details.some((d) => d.includes("US: Nowheresville") && d.includes("was unknown")));
  assert.not.ok(details.some((d) => d.includes("Kings County")), "resolved names are not warned about");
  assert.equal(r.document.warnings?.length, r.warnings.length, "the registration answer carries them");
  assert.is(readdirSync(cfg.libraries_dir).length, 1);
});

test("policy.reject_unresolved_places: the registration fails, in the reference's words, nothing written", async () => {
  const cfg = workspace(true);
  const url = library("nowhere", { US: "Nowheresville" });
  const r = await registerLibrary({ url, stage: "production" }, registrationContext(cfg, { env: {} }));
  assert.not.ok(r.ok);
  if (r.ok) return;
  assert.is(r.problem.type, "http://librarysimplified.org/terms/problem/invalid-integration-document");
  assert.match(String(r.problem.detail), "The following service area was unknown: US: Nowheresville");
  let files: string[] = [];
  try {
    files = readdirSync(cfg.libraries_dir);
  } catch {
    /* never created */
  }
  assert.equal(files, []);
});

test("names that all resolve: no place warning even under the strict policy", async () => {
  const cfg = workspace(true);
  const url = library("brooklyn", { US: ["Kings County, NY", "11212"] });
  const r = await registerLibrary({ url, stage: "production" }, registrationContext(cfg, { env: {} }));
  assert.ok(r.ok, JSON.stringify(r));
});

test.run();

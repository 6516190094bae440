// The bench's synthetic libraries look like real ones: what `registry bench` measures is only as
// honest as the data it feeds the build.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { Agent as HttpAgent, get as httpGet } from "node:http";
import { prepareSyntheticWorld, syntheticLibrary, syntheticServiceArea, syntheticHasPublicKey, type SyntheticWorld } from "../../src/bench/synthetic.ts";
import { drawSyntheticLogo, syntheticLogoKind } from "../../src/bench/synthetic-logo.ts";
import { authDocument, startSampleLibraries } from "../../src/demo/sample-libraries.ts";
import { validateAuthDocument } from "../../src/opds/auth-document.ts";
import { policyOf } from "../../src/registry/policy.ts";
import { withDefaults } from "../../src/registry/config.ts";

const N = 24;
let work: string;
let world: SyntheticWorld;
test.before(async () => {
  work = mkdtempSync(join(tmpdir(), "bench-synthetic-"));
  world = await prepareSyntheticWorld(work, N);
});
test.after(() => rmSync(work, { recursive: true, force: true }));

test("logos are distinct 135×135 images of 10–20 KB, some JPEG, some by URL", async () => {
  const seen = new Set<string>();
  const formats = new Set<string>();
  let byUrl = 0;
  for (let i = 0; i < N; i++) {
    const bytes = await drawSyntheticLogo(i);
    const meta = await sharp(bytes).metadata();
    assert.is(meta.width, 135);
    assert.is(meta.height, 135);
    assert.ok(bytes.length >= 10_000 && bytes.length <= 20_000, `logo ${i} is ${bytes.length} bytes`);
    assert.is(meta.format, syntheticLogoKind(i).format);
    formats.add(meta.format!);
    if (syntheticLogoKind(i).byUrl) byUrl++;
    seen.add(bytes.toString("base64"));
  }
  assert.is(seen.size, N, "every logo differs");
  assert.equal([...formats].sort(), ["jpeg", "png"]);
  assert.ok(byUrl >= N / 6 && byUrl <= N / 3, `${byUrl} of ${N} by URL`);
});

test("documents validate, with realistic descriptions and real US service areas", () => {
  const config = withDefaults({}, work, null);
  for (let i = 0; i < N; i++) {
    const lib = syntheticLibrary(i, world);
    const base = "http://127.0.0.1:1";
    const { info, errors } = validateAuthDocument(authDocument(lib, base), { url: `${base}/${lib.slug}/authentication_document`, policy: policyOf(config) });
    assert.equal(errors, [], `library ${i}`);
    assert.ok(info!.description!.length >= 150 && info!.description!.length <= 1000, `description of ${info!.description!.length}`);
  }
  const kinds = { city: 0, county: 0, state: 0, zip: 0, everywhere: 0 };
  const cities = new Set(world.places.cities.map((c) => `${c.name}, ${c.state}`));
  const counties = new Set(world.places.counties.map((c) => `${c.name}, ${c.state}`));
  const states = new Set(world.places.states.flatMap((s) => [s.abbr, s.name]));
  const zips = new Set(world.places.zipPoints.map((z) => z.zip));
  for (let i = 0; i < 400; i++) {
    const area = syntheticServiceArea(i, world.places);
    if (area === "everywhere" || (area as { US: unknown }).US === "everywhere") {
      kinds.everywhere++;
      continue;
    }
    const us = (area as { US: string | string[] }).US;
    for (const name of typeof us === "string" ? [us] : us) {
      if (cities.has(name)) kinds.city++;
      else if (counties.has(name)) kinds.county++;
      else if (states.has(name)) kinds.state++;
      else if (zips.has(name)) kinds.zip++;
      else assert.unreachable(`library ${i}: '${name}' is no real place`);
    }
  }
  for (const [kind, count] of Object.entries(kinds)) assert.ok(count > 0, `no ${kind} among 400 service areas`);
});

test("about a third publish a public key", () => {
  const withKey = Array.from({ length: 300 }, (_, i) => syntheticHasPublicKey(i)).filter(Boolean).length;
  assert.ok(withKey >= 90 && withKey <= 110, `${withKey} of 300`);
  assert.ok(syntheticLibrary(0, world).publicKeyPem?.includes("BEGIN PUBLIC KEY"));
});

test("the sample server serves a logo by URL and waits --latency before answering", async () => {
  const i = Array.from({ length: N }, (_, k) => k).find((k) => syntheticLogoKind(k).byUrl)!;
  const lib = syntheticLibrary(i, world);
  const libs = await startSampleLibraries([lib], { latencyMs: 150 });
  try {
    const doc = await (await fetch(libs.authUrl(lib.slug))).json();
    const logo = doc.links.find((l: { rel: string }) => l.rel === "logo");
    assert.is(logo.href, `${libs.base}/${lib.slug}/logo`);
    const t = performance.now();
    const res = await fetch(logo.href);
    const elapsed = performance.now() - t;
    assert.is(res.headers.get("content-type"), logo.type);
    assert.equal(Buffer.from(await res.arrayBuffer()), lib.logo!.bytes());
    assert.ok(elapsed >= 140, `answered after ${elapsed.toFixed(0)} ms`);
  } finally {
    await libs.close();
  }
});

test("the sample server keeps connections as a library's server would: a pooled client reuses one", async () => {
  const libs = await startSampleLibraries([syntheticLibrary(0, world), syntheticLibrary(1, world)]);
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  let connects = 0;
  libs.server.on("connection", () => connects++);
  try {
    for (const slug of [syntheticLibrary(0, world).slug, syntheticLibrary(1, world).slug, syntheticLibrary(0, world).slug]) {
      const status = await new Promise<number>((ok, fail) =>
        httpGet(libs.authUrl(slug), { agent }, (res) => {
          res.resume();
          res.on("end", () => ok(res.statusCode ?? 0));
        }).on("error", fail),
      );
      assert.is(status, 200);
    }
    // A server announcing `Keep-Alive: timeout=1` would get three connections here: Node's
    // agent drops a socket whose announced timeout, less a second, is zero.
    assert.is(connects, 1);
  } finally {
    agent.destroy();
    await libs.close();
  }
});

test("answers rendered ahead are the same bytes as answers made per request, and a library that changes is served anew", async () => {
  const made = Array.from({ length: 8 }, (_, i) => syntheticLibrary(i, world));
  const live = await startSampleLibraries(made);
  const ahead = await startSampleLibraries(made);
  try {
    // the same port-free paths on both servers (the base differs, so documents are compared with it replaced)
    const get = async (base: string, path: string) => {
      const res = await fetch(`${base}${path}`, { redirect: "manual" });
      return { status: res.status, type: res.headers.get("content-type"), link: res.headers.get("link")?.replace(base, "BASE"), body: Buffer.from(await res.arrayBuffer()).toString("latin1").split(base).join("BASE") };
    };
    const paths = made.flatMap((l) => [`/${l.slug}/authentication_document`, `/${l.slug}/`, `/${l.slug}/logo`, `/${l.slug}/help`]).concat(["/nobody/authentication_document", "/"]);
    const before = ahead.hits();
    const held = ahead.prerender([...made.map((l) => l.slug), "nobody"]);
    assert.ok(held > 8 * 10_000, `${held} bytes held (each document carries or links a 10–20 KB logo)`);
    assert.is(ahead.hits(), before, "rendering ahead is not a request");
    for (const path of paths) assert.equal(await get(ahead.base, path), await get(live.base, path), path);
    ahead.set({ ...made[0], title: "Renamed Library" });
    assert.is((await (await fetch(ahead.authUrl(made[0].slug))).json()).title, "Renamed Library");
  } finally {
    await live.close();
    await ahead.close();
  }
});

test.run();

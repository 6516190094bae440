// `registry places NAME…`: what library staff run to check their service_area before registering.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function places(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/registry.ts"), "places", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("prints what each name resolves to, and exits 0 when all resolve", async () => {
  const r = await places(["Kings County, NY", "Brooklyn, NY", "11212", "NY", "France"]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, "✓ Kings County, NY → Kings County, NY (county)");
  assert.match(r.stdout, /✓ Brooklyn, NY → Brooklyn, NY \(city: a point with a [\d.]+ km radius; the data has no boundary\)/);
  assert.match(r.stdout, /✓ 11212 → 11212 \(ZIP code: a point with a [\d.]+ km radius/);
  assert.match(r.stdout, "✓ NY → New York (state)");
  assert.match(r.stdout, "✓ France → France (nation)");
});

test("an ambiguous or unknown name prints its candidates and exits 1", async () => {
  const r = await places(["Springfield", "Springfeld, IL"]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /✗ Springfield: ambiguous: .*\n\s+candidates: .*Springfield, IL/);
  assert.match(r.stdout, /✗ Springfeld, IL: unknown: .*\n\s+candidates: Springfield, IL/);
});

test("--area resolves a whole service_area value; --geojson prints a FeatureCollection", async () => {
  const r = await places(["--area", '{"US": ["NY", "Lawrence, KS", "Broward County, FL", "60604", "everywhere"]}']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  for (const line of ["✓ New York (state)", "✓ Lawrence, KS (city", "✓ Broward County, FL (county)", "✓ 60604 (ZIP code", "✓ United States (nation)"]) assert.match(r.stdout, line);
  const g = await places(["--geojson", "Kings County, NY"]);
  const fc = JSON.parse(g.stdout);
  assert.is(fc.type, "FeatureCollection");
  assert.is(fc.features[0].properties.name, "Kings County, NY");
  assert.ok(["Polygon", "MultiPolygon"].includes(fc.features[0].geometry.type));
});

test("usage errors exit 2", async () => {
  assert.is((await places([])).code, 2);
  assert.is((await places(["--nation", "USA", "NY"])).code, 2);
  assert.is((await places(["--area", "{not json"])).code, 2);
});

test.run();

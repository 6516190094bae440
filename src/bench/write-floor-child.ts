// The write floor a build is compared with: the same documents, built by the same pure builders
// from the same libraries, written with JSON.stringify and fs.writeFile alone (no YAML, no fetch,
// no Eleventy). The libraries' data is derived from the same synthetic documents the build fetched.
// Run by `registry bench` as: write-floor-child.ts CONFIG WORK N BASE OUT
import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadConfig, directoryConfig } from "../registry/config.ts";
import { planSite } from "../directory/site-map.ts";
import { validateAuthDocument } from "../opds/auth-document.ts";
import { policyOf } from "../registry/policy.ts";
import { authDocument } from "../demo/sample-libraries.ts";
import type { DirectoryLibrary } from "../directory/types.ts";
import { prepareSyntheticWorld, syntheticLibrary, syntheticStages } from "./synthetic.ts";
import { childFigures } from "./child-figures.ts";

const [configPath, work, count, base, outDir] = process.argv.slice(2);
const config = loadConfig(configPath);
const world = await prepareSyntheticWorld(work, Number(count));
const libs: DirectoryLibrary[] = [];
for (let i = 0; i < Number(count); i++) {
  const sample = syntheticLibrary(i, world);
  const url = `${base}/${sample.slug}/authentication_document`;
  const { info } = validateAuthDocument(authDocument(sample, base), { url, policy: policyOf(config) });
  const hex = i.toString(16).padStart(12, "0");
  libs.push({ id: `urn:uuid:00000000-0000-4000-8000-${hex}`, slug: sample.slug, url, ...syntheticStages(i), updated: "2026-01-01T00:00:00Z", info: info! });
}
const started = childFigures.start();
rmSync(outDir, { recursive: true, force: true });
const files = planSite(libs, directoryConfig(config));
for (const d of new Set(files.map((f) => dirname(join(outDir, f.path))))) mkdirSync(d, { recursive: true });
let next = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < files.length) {
      const f = files[next++];
      await writeFile(join(outDir, f.path), f.body);
    }
  }),
);
console.log(JSON.stringify({ ok: true, ...childFigures.stop(started), files: files.length }));

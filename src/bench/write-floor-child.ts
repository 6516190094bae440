// The write floor a build is compared with: the same dist/ files, built by the same pure builders
// from the same libraries (the snapshots the cold build wrote), written with fs.writeFileSync,
// and the same logo files copied. No YAML parsing, no fetch, no Eleventy, no checks in the timed part.
// Run by `registry bench` as: write-floor-child.ts CONFIG OUT
import { constants, copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadConfig, directoryConfig } from "../registry/config.ts";
import { loadEntries } from "../registry/entries.ts";
import { snapshotInfo } from "../registry/snapshot.ts";
import { planSite } from "../directory/site-map.ts";
import type { DirectoryLibrary } from "../directory/types.ts";
import { childFigures } from "./child-figures.ts";

const [configPath, outDir] = process.argv.slice(2);
const config = loadConfig(configPath);
const { entries } = loadEntries(config.libraries_dir);
const libs: DirectoryLibrary[] = entries.flatMap(({ slug, entry }) =>
  entry.snapshot ? [{ id: entry.id, slug, url: entry.url, library_stage: entry.library_stage, registry_stage: entry.registry_stage, updated: entry.updated ?? entry.snapshot.validated, info: snapshotInfo(entry.snapshot) }] : [],
);
const started = childFigures.start();
rmSync(outDir, { recursive: true, force: true });
const files = planSite(libs, directoryConfig(config));
for (const d of new Set(files.map((f) => dirname(join(outDir, f.path))))) mkdirSync(d, { recursive: true });
for (const f of files) writeFileSync(join(outDir, f.path), f.body);
const logos = new Set(libs.flatMap((l) => l.info.logo_png ?? []));
mkdirSync(join(outDir, "logos"), { recursive: true });
for (const hash of logos) copyFileSync(join(config.libraries_dir, "logos", `${hash}.png`), join(outDir, "logos", `${hash}.png`), constants.COPYFILE_FICLONE);
console.log(JSON.stringify({ ok: true, ...childFigures.stop(started), files: files.length + logos.size }));

// The build: load libraries/*.yaml → refresh each library (bounded concurrency, cached) → render
// with Eleventy into a fresh folder → check it for leaks → swap it in place of dist/.
// A build that fails leaves the previous dist/ intact.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { existsSync, mkdirSync, renameSync, rmSync, readdirSync, statSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import type { RegistryConfig } from "../registry/config.ts";
import { entriesCacheFile, entryFileStamp, loadEntries, rememberWrittenEntry, saveEntriesCache, type LoadedEntry, type LibraryEntry } from "../registry/entries.ts";
import { entryTempPath, removeLeftoverTemps, renderEntryFile } from "../registry/entry-store.ts";
import { noteEntryWritten } from "../registry/bearer.ts";
import { BackgroundWriter } from "./background-writer.ts";
import { tempPathFor } from "../net/temp-token.ts";
import { tightenHeap, tuneHeapForBuild } from "./heap.ts";
import { discardInBackground, recoverDist } from "./dist-recovery.ts";
import { buildFingerprint, linkAll, outputIsUnchanged, readManifest, writeManifest } from "./output-manifest.ts";
import { formatSourceError } from "../registry/yaml-source.ts";
import { LeakScanCache, findLeaks, scanFiles } from "../registry/leak-guard.ts";
import type { Fetcher } from "../registry/fetcher.ts";
import { fetchPolicy } from "../registry/fetcher.ts";
import { CacheListing, cachedFetch } from "../net/http-cache.ts";
import { LeakError, renderSite } from "../directory/render.ts";
import { serviceAreaMap } from "./area-maps.ts";
import { isProduction, isListedInQa, type DirectoryLibrary } from "../directory/types.ts";
import { mapPool } from "./pool.ts";
import { refreshLibrary, type Refreshed } from "./refresh.ts";
import { isoSeconds } from "../registry/snapshot.ts";
import { directoryConfig } from "../registry/config.ts";
import { policyOf } from "../registry/policy.ts";
import { LogoStore } from "../registry/logo-store.ts";
import { libraryPlaces } from "../registry/places.ts";
import { areaKey, geoDataVersion, loadAreaResolutions, loadPlaceTiles, saveAreaResolutions, savePlaceTiles } from "../geo/index.ts";

export interface BuildOptions {
  config: RegistryConfig;
  librariesDir?: string;
  outDir?: string;
  offline?: boolean;
  concurrency?: number;
  /** Write refreshed snapshots back into libraries/*.yaml. */
  updateSnapshots?: boolean;
  /** Replaces the cached HTTP fetch (tests, bench). */
  fetch?: Fetcher;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
}

export interface LibraryReport {
  slug: string;
  id: string;
  title?: string;
  status: Refreshed["status"];
  feeds: ("production" | "qa")[];
  reasons?: string[];
  warnings?: string[];
  /** service_area / focus_area names that did not resolve, with their candidates. */
  unresolved_places?: { member: string; name: string; status: string; reason: string; candidates: string[] }[];
}

export interface BuildReport {
  generated: string;
  offline: boolean;
  counts: { entries: number; listed: number; production: number; qa: number; fresh: number; changed: number; stale: number; excluded: number; offline: number };
  libraries: LibraryReport[];
}

export type BuildResult =
  | { ok: true; report: BuildReport; files: number; outDir: string; seconds: number; timings: Record<string, number> }
  | { ok: false; errors: string[] };


export function toDirectoryLibrary(r: Refreshed): DirectoryLibrary | null {
  if (!r.info || !r.updated) return null;
  const e = r.loaded.entry;
  const lib: DirectoryLibrary = { id: e.id, slug: r.loaded.slug, url: e.url, library_stage: e.library_stage, registry_stage: e.registry_stage, updated: r.updated, info: r.info };
  if (e.short_name) lib.short_name = e.short_name;
  return lib;
}

export async function buildDirectory(opts: BuildOptions): Promise<BuildResult> {
  tuneHeapForBuild();
  try {
    return await loadAndBuild(opts);
  } finally {
    // however the build ended, the process goes on with the tighter heap (see heap.ts)
    tightenHeap();
  }
}

async function loadAndBuild(opts: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
  };
  const cfg = opts.config;
  const librariesDir = opts.librariesDir ?? cfg.libraries_dir;
  const outDir = opts.outDir ?? cfg.out_dir;
  const now = opts.now ?? (() => new Date());

  // A build or serve that died mid-swap left dist/ missing or leftovers beside it: put them right first.
  recoverDist(outDir);
  removeLeftoverTemps(librariesDir);
  const entriesCache = entriesCacheFile(cfg.fetch.cache_dir);
  const { entries, errors } = loadEntries(librariesDir, { cacheFile: entriesCache });
  if (errors.length) return { ok: false, errors: errors.map(formatSourceError) };
  // what each file was when read: a snapshot is written back only over the file it was made from
  const loadedStamps = opts.updateSnapshots ? new Map(entries.map((e) => [e.path, entryFileStamp(e.path)])) : undefined;
  lap("load");
  // Every file of the folder, not only the entries: a stray key file must not be committed either.
  // Verdicts are kept by file stamp in .cache/: an unchanged entry or logo costs a stat.
  const scanCache = new LeakScanCache(join(dirname(cfg.fetch.cache_dir), "leak-scan.json"));
  const leaks = existsSync(librariesDir) ? await scanFiles([librariesDir], {}, scanCache) : [];
  scanCache.save();
  lap("scan-libraries");
  if (leaks.length) return { ok: false, errors: leaks.map((l) => l.message) };

  const concurrency = opts.concurrency ?? cfg.fetch.concurrency;
  // Connections are pooled for the build's thousands of requests, and closed when it ends.
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: concurrency }), https: new HttpsAgent({ keepAlive: true, maxSockets: concurrency }) };
  const policy = { ...fetchPolicy(cfg), agents };
  // Files are written on a worker thread while this one fetches, converts and renders; it is
  // flushed (every write on disk, or the first failure) before anything is swapped in.
  const out = new BackgroundWriter();
  try {
    return await buildWith(opts, { cfg, librariesDir, outDir, now, entries, loadedStamps, entriesCache, agents, policy, out, timings, lap, started });
  } finally {
    await out.close().catch(() => {
      /* a failure was already reported by the flush the build awaited, or the build aborted it */
    });
  }
}

interface BuildContext {
  cfg: RegistryConfig;
  librariesDir: string;
  outDir: string;
  now: () => Date;
  entries: LoadedEntry[];
  loadedStamps: Map<string, string | undefined> | undefined;
  entriesCache: string;
  agents: { http: HttpAgent; https: HttpsAgent };
  policy: ReturnType<typeof fetchPolicy> & { agents: { http: HttpAgent; https: HttpsAgent } };
  out: BackgroundWriter;
  timings: Record<string, number>;
  lap: (name: string) => void;
  started: number;
}

/** A snapshot on its way back into libraries/: written to a temporary file, renamed after the swap. */
interface PendingSnapshot {
  path: string;
  temp: string;
  entry: LibraryEntry;
}

async function buildWith(opts: BuildOptions, ctx: BuildContext): Promise<BuildResult> {
  const { cfg, librariesDir, outDir, now, entries, agents, policy, out, timings, lap, started } = ctx;
  const concurrency = opts.concurrency ?? cfg.fetch.concurrency;
  const listing = new CacheListing(cfg.fetch.cache_dir);
  // the folders the writer fills, made once here rather than before each of thousands of writes
  mkdirSync(cfg.fetch.cache_dir, { recursive: true });
  const fetch: Fetcher =
    opts.fetch ??
    (async (url) =>
      (
        await cachedFetch(url, policy, {
          cacheDir: cfg.fetch.cache_dir,
          maxAgeSeconds: cfg.fetch.cache_seconds,
          store: (file, temp, data) => out.writeAtomic(file, temp, data),
          listing,
        })
      ).response);
  const discover = { fetch, policy: policyOf(cfg), checkLinkBack: cfg.fetch.check_link_back, allowLegacy: cfg.policy.allow_legacy_flow };
  // Resolved service areas are kept between builds (valid while the gazetteer is the same).
  const areasFile = join(dirname(cfg.fetch.cache_dir), "areas.json");
  const placeTilesFile = join(dirname(cfg.fetch.cache_dir), "place-tiles.json");
  loadAreaResolutions(areasFile);
  loadPlaceTiles(placeTilesFile, geoDataVersion());
  const logos = new LogoStore({
    committedDir: join(librariesDir, "logos"),
    cacheDir: join(dirname(cfg.fetch.cache_dir), "logos"),
    write: (path, temp, data) => out.writeAtomic(path, temp, data),
  });
  let done = 0;
  // A snapshot that changed goes to a temporary file as soon as its library is refreshed (its YAML
  // rendered while other fetches and conversions are under way, written on the worker); it
  // replaces the entry only once the new dist/ is in place.
  const pending: PendingSnapshot[] = [];
  let refreshed: Refreshed[];
  try {
    refreshed = await mapPool(entries, concurrency, async (loaded: LoadedEntry) => {
      const r = await refreshLibrary(loaded, { offline: !!opts.offline, now: now(), discover, logos });
      if (opts.updateSnapshots && r.status === "changed" && r.newSnapshot) {
        const entry = { ...r.loaded.entry, updated: r.updated, snapshot: r.newSnapshot };
        const temp = entryTempPath(r.loaded.path);
        out.writeTemp(temp, renderEntryFile(r.loaded.path, entry, r.loaded.entry), { sync: true });
        pending.push({ path: r.loaded.path, temp, entry });
      }
      opts.onProgress?.(++done, entries.length);
      return r;
    }).finally(() => {
      agents.http.destroy();
      agents.https.destroy();
    });
  } catch (err) {
    await out.abort();
    for (const p of pending) rmSync(p.temp, { force: true });
    throw err;
  }

  logos.save();
  // the render is where a build's peak is: from here the heap grows by 30 % from what is alive now
  tightenHeap({ collectNow: true });
  lap("refresh");
  // A snapshot may name a logo whose file is missing (libraries/logos not committed with it):
  // the library is listed without an image, and the report says so.
  for (const r of refreshed) {
    const hash = r.info?.logo_png;
    if (hash && !logos.path(hash)) {
      r.info = { ...r.info!, logo_png: undefined };
      r.warnings.push(`Logo not published: libraries/logos/${hash}.png is missing (commit it with the entry, or rebuild online).`);
    }
  }
  const libs = refreshed.map(toDirectoryLibrary).filter((l): l is DirectoryLibrary => !!l);
  const report = makeReport(refreshed, !!opts.offline, now());

  // Render beside dist/ so the swap is a rename on one file system.
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = join(dirname(outDir), `.${basename(outDir)}.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    // Every text of dist/ passes the leak guard on its way out (renderSite); nothing sealed
    // belongs there either: a sealed secret would be a leak waiting for the key.
    // Nothing the output is made of changed since the last build (the libraries as listed, the
    // configuration, the code): when every file of dist/ is checked to be the one the last build
    // wrote, and there is no other, dist/ stays as it is and only its report is replaced (nothing
    // to render, link or swap: 8.5–9.1 s against 11.0–11.4 s for a warm build of 10,000 libraries,
    // three runs each, in turn); when only files were added there, the ones the last build wrote
    // are linked into a new folder. Otherwise each machine file whose text did not change is
    // linked from it, and the rest is written.
    const manifestFile = join(dirname(cfg.fetch.cache_dir), "dist-manifest.json");
    const manifest = readManifest(manifestFile);
    const dirCfg = directoryConfig(cfg);
    const fingerprint = buildFingerprint(dirCfg, libs);
    let files: number;
    let hashes: ReadonlyMap<string, string> = new Map();
    let published = 0;
    const sameInputs = !!manifest && manifest.fingerprint === fingerprint && existsSync(outDir);
    const inPlace = sameInputs && outputIsUnchanged(manifest!, outDir);
    if (inPlace) {
      files = Object.keys(manifest!.files).length;
      lap("render");
      lap("logos");
    } else if (sameInputs && linkAll(manifest!, outDir, staging)) {
      files = Object.keys(manifest.files).length;
      hashes = new Map(Object.entries(manifest.files).flatMap(([p, e]) => (e[0] ? [[p, e[0]] as [string, string]] : [])));
      lap("render");
      lap("logos");
    } else {
      rmSync(staging, { recursive: true, force: true });
      const rendered = await renderSite(libs, dirCfg, staging, { areaMap: serviceAreaMap, previous: manifest && { dir: outDir, manifest }, out });
      files = rendered.files;
      hashes = rendered.hashes;
      lap("render");
      const previousLogos = join(outDir, "logos");
      published = publishLogos(libs, logos, join(staging, "logos"), out, existsSync(previousLogos) ? previousLogos : undefined);
      lap("logos");
    }
    // An entry changed while the build ran (a registration, a maintainer's edit) is not
    // overwritten with a snapshot of what it was: the next build refreshes it. Checked here for
    // the report, and again just before each rename.
    const changedDuringBuild = (p: PendingSnapshot) => entryFileStamp(p.path) !== ctx.loadedStamps?.get(p.path);
    for (const p of pending) {
      if (!changedDuringBuild(p)) continue;
      const item = report.libraries.find((l) => l.id === p.entry.id);
      if (item) (item.warnings ??= []).push(`${basename(p.path)} changed during the build: its new snapshot was not written back (the next build refreshes it)`);
    }
    const reportText = JSON.stringify(report, null, 2) + "\n";
    const reportLeaks = findLeaks(reportText, "build-report.json", { allowSealed: false });
    if (reportLeaks.length) throw new LeakError(reportLeaks);
    // in place: replaced whole by a rename, so a reader of dist/ sees the old report or the new one
    if (inPlace) out.writeAtomic(join(outDir, "build-report.json"), tempPathFor(join(outDir, "build-report.json")), reportText);
    else out.write(join(staging, "build-report.json"), reportText);
    // every file of the new dist/ (and every snapshot's temporary file) is on disk
    await out.flush();
    lap("flush");
    if (!inPlace) {
      // the files the writer hashed as it wrote them (those the last build did not have)
      if (out.writtenHashes.size) hashes = new Map([...hashes, ...out.writtenHashes]);
      writeManifest(manifestFile, staging, fingerprint, hashes);
      swapInto(staging, outDir);
    }
    lap("swap");
    // the pairs the entries and tiles use, and the service area alone the page maps draw
    const used = new Set(libs.flatMap((l) => [areaKey(l.info.service_area, l.info.focus_area), areaKey(l.info.service_area, undefined)]));
    saveAreaResolutions(areasFile, (k) => used.has(k));
    savePlaceTiles(placeTilesFile, geoDataVersion());
    if (opts.updateSnapshots) {
      const written = new Set<string>();
      for (const p of pending) {
        if (changedDuringBuild(p)) {
          rmSync(p.temp, { force: true });
          continue;
        }
        renameSync(p.temp, p.path);
        written.add(p.path);
        noteEntryWritten(p.path, p.entry);
        // Write-through: the parse cache takes the entry as written, so the next build does not
        // parse the files it has just written.
        rememberWrittenEntry(join(librariesDir, basename(p.path)), p.entry);
      }
      const referenced: string[] = [];
      for (const r of refreshed) {
        const snapshot = written.has(r.loaded.path) ? r.newSnapshot : r.loaded.entry.snapshot;
        if (snapshot?.logo_png) referenced.push(snapshot.logo_png);
      }
      // libraries/logos holds exactly the logos the snapshots name: what an offline build needs.
      logos.commit(referenced);
      saveEntriesCache(ctx.entriesCache);
      lap("snapshots");
    }
    return { ok: true, report, files: files + published + 1, outDir, seconds: (Date.now() - started) / 1000, timings };
  } catch (err) {
    // nothing of a failed build stays: the writer is stopped (what it still held is dropped), then
    // what it wrote is removed
    await out.abort();
    rmSync(staging, { recursive: true, force: true });
    for (const p of pending) rmSync(p.temp, { force: true });
    return { ok: false, errors: [(err as Error).message] };
  }
}

/** Each logo a listed library shows, once under logos/<hash>.png however many libraries share it. */
function publishLogos(libs: DirectoryLibrary[], logos: LogoStore, dir: string, out: BackgroundWriter, previousDir: string | undefined): number {
  const hashes = new Set(libs.flatMap((l) => l.info.logo_png ?? []));
  if (hashes.size) mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const hash of hashes) if (logos.publish(hash, dir, { out, previousDir })) n++;
  return n;
}

function swapInto(staging: string, outDir: string) {
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  try {
    renameSync(staging, outDir);
  } catch (err) {
    if (existsSync(old)) renameSync(old, outDir);
    throw err;
  }
  // The previous dist/ goes aside as `.dist.trash-*` (never restored) and a detached process
  // deletes it: unlinking tens of thousands of files takes seconds the build need not wait for.
  discardInBackground(old, outDir);
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

function makeReport(refreshed: Refreshed[], offline: boolean, when: Date): BuildReport {
  const counts = { entries: refreshed.length, listed: 0, production: 0, qa: 0, fresh: 0, changed: 0, stale: 0, excluded: 0, offline: 0 };
  const libraries: LibraryReport[] = [];
  for (const r of refreshed) {
    counts[r.status]++;
    const lib = toDirectoryLibrary(r);
    const feeds: LibraryReport["feeds"] = [];
    if (lib && isProduction(lib)) feeds.push("production");
    if (lib && isListedInQa(lib)) feeds.push("qa");
    if (feeds.length) counts.listed++;
    if (feeds.includes("production")) counts.production++;
    if (feeds.includes("qa")) counts.qa++;
    const item: LibraryReport = { slug: r.loaded.slug, id: r.loaded.entry.id, title: r.info?.title, status: r.status, feeds };
    if (r.reasons.length) item.reasons = r.reasons;
    if (r.warnings.length) item.warnings = r.warnings;
    const unresolved = r.info ? libraryPlaces(r.info).unresolved : [];
    if (unresolved.length) item.unresolved_places = unresolved.map(({ member, name, status, reason, candidates }) => ({ member, name, status, reason, candidates }));
    libraries.push(item);
  }
  return { generated: isoSeconds(when), offline, counts, libraries };
}

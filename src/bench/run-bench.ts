// `registry bench`: realistic synthetic libraries on loopback, three measured builds (cold with
// snapshots written back, warm from the HTTP cache, offline from the snapshots), the network and
// write floors they are compared with, the sizes of what they produce, and the handshake.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSampleLibraries } from "../demo/sample-libraries.ts";
import { prepareSyntheticWorld, syntheticEntryYaml, syntheticIndex, syntheticLibrary, syntheticSlug } from "./synthetic.ts";
import { benchHandshake } from "./handshake.ts";
import { benchAdversarial, describeAdversarial } from "./adversarial.ts";
import type { ChildFigures } from "./child-figures.ts";
import { countDataImages, feedSize, folderSize, mb } from "./sizes.ts";
import { placesReport } from "./places-report.ts";
import { mallocTunedByOperator, withMallocSettings } from "../../scripts/arena.ts";
import { describeFileCost, probeFileCreation, type FileCreationCost } from "./fs-probe.ts";

export interface BenchOptions {
  libraries: number;
  registrations: number;
  concurrency: number;
  latencyMs: number;
  keep: boolean;
  /** The folder the work folder is made in (default: the system's temporary folder). */
  dir?: string;
  log?: (line: string) => void;
}

const here = fileURLToPath(new URL(".", import.meta.url));

function child(script: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    // as `registry build` runs (scripts/arena.ts): glibc's malloc limited to two arenas, fixed thresholds
    const env = mallocTunedByOperator() ? process.env : withMallocSettings(process.env);
    const p = spawn(process.execPath, ["--import", "tsx", join(here, script), ...args], { stdio: ["ignore", "pipe", "inherit"], env });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("close", (code) => {
      try {
        const last = out.trim().split("\n").pop() ?? "";
        const parsed = JSON.parse(last);
        if (code !== 0 || !parsed.ok) reject(new Error(`${script} failed: ${last}`));
        else resolve(parsed);
      } catch {
        reject(new Error(`${script} exited ${code}: ${out.slice(-500)}`));
      }
    });
  });
}

const TARGETS = { cold: 30, warm: 10, offline: 10, changed: 10, rssMb: 600, feedBytesPerLibrary: 1500 };
const met = (ok: boolean) => (ok ? "met" : "MISSED");

export async function runBench(o: BenchOptions): Promise<void> {
  const log = o.log ?? console.log;
  const n = o.libraries;
  const parent = o.dir ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const work = mkdtempSync(join(parent, "registry-bench-"));
  const t0 = performance.now();
  const world = await prepareSyntheticWorld(work, n);
  const setupSeconds = (performance.now() - t0) / 1000;
  const libs = await startSampleLibraries([], {
    latencyMs: o.latencyMs,
    generate: (slug) => {
      const i = syntheticIndex(slug);
      return i === undefined || i >= n ? undefined : syntheticLibrary(i, world);
    },
  });
  try {
    const librariesDir = join(work, "libraries");
    mkdirSync(librariesDir);
    for (let i = 0; i < n; i++) writeFileSync(join(librariesDir, `${syntheticSlug(i)}.yaml`), syntheticEntryYaml(i, libs.base));
    const config = join(work, "registry.config.yaml");
    writeFileSync(
      config,
      `title: Bench Registry\nbase_url: https://registry.example.org\nregister_url: https://registry.example.org/register\npage_size: 100\nfetch:\n  allow_hosts: ["127.0.0.1"]\n  concurrency: ${o.concurrency}\n  cache_seconds: 86400\n  cache_dir: cache\n`,
    );
    // Each library's answers are rendered now, not while a build is timed: a real library's server
    // does not share the registry's two cores. What the server still costs is printed.
    const rendered = libs.prerender(Array.from({ length: n }, (_, i) => syntheticSlug(i)));
    log(`registry bench: ${n} libraries like real ones on ${libs.base} (135×135 logos of 10–20 KB, 1 in 5 JPEG, 1 in 4 by URL; real US service areas; a public key on 1 in 3), latency ${o.latencyMs} ms, ${o.concurrency} fetches at once`);
    log(`  load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}; setup (logos drawn, keys made) ${setupSeconds.toFixed(1)} s; the libraries' answers rendered ahead (${mb(rendered)}, served from memory); work folder ${work}`);
    // What a file costs to create just before each timed part that creates many (printed with it).
    const fileCost: Record<string, FileCreationCost> = {};

    const hits = () => libs.hits();
    let h = hits();
    fileCost.cold = probeFileCreation(work);
    const serverCpu = process.cpuUsage();
    const cold = await child("build-child.ts", [config, "online", "update-snapshots"]);
    const coldRequests = hits() - h;
    const { user, system } = process.cpuUsage(serverCpu);
    const coldServerSeconds = (user + system) / 1e6;
    const entries = folderSize(librariesDir);
    h = hits();
    const warm = await child("build-child.ts", [config, "online"]);
    const warmRequests = hits() - h;
    const offline = await child("build-child.ts", [config, "offline"]);
    // The warm and offline builds above find their inputs unchanged and link the previous output
    // whole; one library changed makes every feed it is in change: the full render, with each
    // unchanged file linked by its hash.
    const firstEntry = join(librariesDir, `${syntheticSlug(0)}.yaml`);
    writeFileSync(firstEntry, readFileSync(firstEntry, "utf8").replace(/^( {2}title: )(.*)$/m, "$1$2 (renamed)"));
    fileCost.changed = probeFileCreation(work);
    const changed = await child("build-child.ts", [config, "offline"]);
    const web = await child("web-child.ts", [config]);
    const places = await child("places-child.ts", [config]);
    const dist = folderSize(join(work, "dist"));
    const dataImages = countDataImages(join(work, "dist"));
    const feed = feedSize(join(work, "dist", "feeds", "libraries.json"));
    h = hits();
    const network = await child("network-floor-child.ts", [work, String(n), libs.base, String(o.concurrency)]);
    fileCost.write = probeFileCreation(work);
    const write = await child("write-floor-child.ts", [config, join(work, "floor")]);

    log(`\nfloors: network ${network.seconds.toFixed(2)} s (${network.requests} requests, ${mb(network.bytes)}, ${o.concurrency} at once, keep-alive; CPU ${network.cpuSeconds.toFixed(2)} s); write ${write.seconds.toFixed(2)} s (${write.files} files: the pure builders, fs.writeFileSync, logos copied; CPU ${write.cpuSeconds.toFixed(2)} s, peak RSS ${write.maxRssMb.toFixed(0)} MB)`);
    log(`file system (in the work folder, just before each part; a cold build creates about 10 files per library): ${Object.entries(fileCost).map(([part, c]) => `${part === "write" ? "write floor" : `${part} build`}: ${describeFileCost(c)}`).join("; ")}`);
    const floorOf = { cold: network.seconds + write.seconds, warm: write.seconds, offline: write.seconds, changed: write.seconds };
    log(`\nbuild of ${n} libraries (${cold.files} files; ${cold.counts.listed} listed, ${cold.counts.production} in production):`);
    const row = (name: "cold" | "warm" | "offline" | "changed", r: ChildFigures & { timings: Record<string, number>; warnings: number }, extra: string) =>
      `  ${name.padEnd(7)} wall ${r.seconds.toFixed(2).padStart(6)} s  CPU ${r.cpuSeconds.toFixed(2).padStart(6)} s  peak RSS ${r.maxRssMb.toFixed(0).padStart(5)} MB  ${(r.seconds / floorOf[name]).toFixed(1).padStart(5)}× ${name === "cold" ? "network+write" : "write"} floor  ` +
      `(≤ ${TARGETS[name]} s: ${met(r.seconds <= TARGETS[name])}; RSS ≤ ${TARGETS.rssMb} MB: ${met(r.maxRssMb <= TARGETS.rssMb)})${extra}\n` +
      `          stages (s): ${Object.entries(r.timings ?? {}).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(", ")}; ${r.warnings} warnings`;
    log(row("cold", cold, `  [${coldRequests} requests; the synthetic libraries' server, on the same cores, used ${coldServerSeconds.toFixed(2)} CPU-s]`));
    log(row("warm", warm, `  [${warmRequests} requests]`));
    log(row("offline", offline, ""));
    log(row("changed", changed, "  [offline, one library's title changed]"));

    const perLib = (b: number) => (feed.libraries ? b / feed.libraries : 0);
    log(`\noutput: dist/ ${mb(dist.bytes)} in ${dist.files} files; ${dataImages} data:image occurrences in dist/`);
    log(`  production feed: ${feed.libraries} libraries, ${mb(feed.bytes)}; per library ${perLib(feed.compact).toFixed(0)} B compact, ${perLib(feed.gzipped).toFixed(0)} B gzipped (≤ ${TARGETS.feedBytesPerLibrary} B: ${met(perLib(feed.compact) <= TARGETS.feedBytesPerLibrary)})`);
    log(`  entries folder (libraries/ with snapshots): ${mb(entries.bytes)} in ${entries.files} files, ${(entries.bytes / Math.max(1, n) / 1000).toFixed(1)} KB per entry`);

    const kb = (b: number) => `${(b / 1000).toFixed(0)} KB`;
    const firstLoad = web.browser.transferredBytes;
    log(`\nsearch (one index for the page, registry serve and the worker; ${web.libraries} libraries listed in QA):`);
    log(`  dist/search/index.json (names, places; what the page fetches when the search box gets focus) ${kb(web.index.bytes)}, ${kb(web.index.gzipped)} gzipped; loaded in ${web.index.loadMs.toFixed(0)} ms`);
    log(`  dist/search/descriptions.json (fetched by the page only when names and places find nothing) ${kb(web.descriptions.bytes)}, ${kb(web.descriptions.gzipped)} gzipped; loaded in ${web.descriptions.loadMs.toFixed(0)} ms`);
    log(`  dist/search/places.json (the libraries serving each ZIP code, town, county and state; fetched by the page for place queries) ${kb(web.places.bytes)}, ${kb(web.places.gzipped)} gzipped; loaded in ${web.places.loadMs.toFixed(0)} ms; built in ${(web.places.buildMs / 1000).toFixed(2)} s`);
    log(`    the page fetches instead search/places/index.json ${kb(web.placesPage.index.bytes)} (${kb(web.placesPage.index.gzipped)} gzipped) and one state's file: ${web.placesPage.shards} states, ${kb(web.placesPage.averageGzipped)} gzipped on average, largest ${web.placesPage.largest.state}.json ${kb(web.placesPage.largest.bytes)} (${kb(web.placesPage.largest.gzipped)} gzipped)`);
    log(`  query time in Node over ${web.query.count} queries (names, typos, prefixes, places, ZIPs): median ${web.query.medianMs.toFixed(2)} ms, p95 ${web.query.p95Ms.toFixed(2)} ms (median ≤ 5 ms: ${met(web.query.medianMs <= 5)})`);
    log(`    of which ${web.placeQuery.count} place queries (ZIP codes across the country, "City, ST", counties, states): median ${web.placeQuery.medianMs.toFixed(2)} ms, p95 ${web.placeQuery.p95Ms.toFixed(2)} ms`);
    log(`web page: home (index.html) ${kb(web.home.bytes)}, ${kb(web.home.gzipped)} gzipped, ${web.home.elements} elements; script ${kb(web.home.scriptBytes)}, ${kb(web.home.scriptGzipped)} gzipped`);
    log(
      firstLoad === undefined
        ? `  first load in a browser: not measured (${web.browser.skipped})`
        : `  first load in chromium: ${kb(firstLoad)} transferred in ${web.browser.requests} requests (≤ 300 KB: ${met(firstLoad <= 300_000)}), ${web.browser.elements} elements, ${web.browser.heightPx} px tall`,
    );
    log(`  build time added: search index ${(web.index.buildMs / 1000).toFixed(2)} s; ${web.pages.files} pages (${web.pages.listPages} list, ${web.pages.libraryPages} library), ${mb(web.pages.bytes)} of HTML, built in ${(web.pages.buildMs / 1000).toFixed(2)} s before Eleventy writes them`);

    log(placesReport(places, warm));

    // into an empty registry, then into this run's registry of n libraries (its entries, their
    // logos and the build's caches): a registration re-reads the registry it joins
    for (const into of [undefined, work]) {
      for (const withKeys of [false, true]) {
        const hs = await benchHandshake(libs, o.registrations, { withKeys, into });
        log(
          `\nregistration handshake, ${hs.registrations} new libraries${withKeys ? " with public keys (secret issued, sealed)" : " without keys"}, into ${into ? `the registry of ${n} libraries` : "an empty registry"}${hs.failures ? `, ${hs.failures} FAILED` : ""}:\n` +
            `  ${hs.perSecond.toFixed(0)} registrations/s; registry's own time per registration: median ${hs.ownMsMedian.toFixed(2)} ms, p95 ${hs.ownMsP95.toFixed(2)} ms (target median ≤ 20 ms: ${met(hs.ownMsMedian <= 20)}); the two fetches: median ${hs.fetchMsMedian.toFixed(2)} ms`,
        );
      }
    }
    for (const line of describeAdversarial(await benchAdversarial(n))) log(line);
  } finally {
    await libs.close();
    if (o.keep) log(`\nkept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

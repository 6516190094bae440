// `registry bench`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry bench [--libraries N] [--registrations N] [--concurrency N] [--latency MS] [--keep]

Measures the registry on this machine against synthetic libraries like real ones, served on
127.0.0.1: a 135×135 logo of 10–20 KB each (1 in 5 JPEG, 1 in 4 linked by URL), descriptions of
realistic length, real US service areas, a public key on 1 in 3. It reports:
  - three builds, each in its own process: cold (every document fetched, snapshots written back
    as the scheduled CI job does), warm (from the HTTP cache) and offline (from the snapshots):
    wall, CPU and peak RSS, and the ratio to the floors;
  - the network floor (the same documents read over keep-alive HTTP at the same concurrency) and
    the write floor (the same dist/ files written with fs.writeFile alone);
  - dist/ size, production feed bytes per library (compact and gzipped), the entries folder;
  - search and the web page: the index's size, load and query time in Node (median ≤ 5 ms), the
    home page's bytes and elements, its first load in chromium where installed (≤ 300 KB), and the
    build time the index and the pages add;
  - the registration handshake: registrations per second and the registry's own time each.
Targets for 10,000 libraries on 2 cores: cold ≤ 30 s, warm ≤ 10 s, peak RSS ≤ 600 MB in every
build, production feed ≤ 1,500 bytes per library; own time per registration ≤ 20 ms (median).

  --libraries N       synthetic libraries to build (default 10000)
  --registrations N   registrations to time (default 200)
  --concurrency N     fetches at once during the builds (default 32)
  --latency MS        delay before each response of the synthetic libraries (default 0)
  --dir DIR           make the work folder in DIR (default: the system's temporary folder);
                      creating files there decides the cold build, and the bench prints its cost
  --keep              keep the work folder (its path is printed)`;

export const options = { libraries: { type: "string" }, registrations: { type: "string" }, concurrency: { type: "string" }, latency: { type: "string" }, dir: { type: "string" }, keep: { type: "boolean" } } as const;

// `registry serve --rebuild`: after registrations, rebuild dist/ from the entries' snapshots (no
// library is fetched again: each registration has just validated its own). Requests within the
// delay make one rebuild; rebuilds never overlap; one that fails leaves dist/ as it was and is logged.
import { buildDirectory } from "../build/build.ts";
import type { RegistryConfig } from "../registry/config.ts";

export function rebuilder(opts: { config: RegistryConfig; librariesDir: string; outDir: string; delayMs?: number; log?: (line: string) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const build = async () => {
    try {
      const r = await buildDirectory({ config: opts.config, librariesDir: opts.librariesDir, outDir: opts.outDir, offline: true });
      opts.log?.(r.ok ? `rebuilt ${opts.outDir}: ${r.report.counts.listed} libraries listed` : `rebuild failed, ${opts.outDir} unchanged: ${r.errors.join("; ")}`);
    } catch (err) {
      opts.log?.(`rebuild failed, ${opts.outDir} unchanged: ${(err as Error).message}`);
    }
  };

  return {
    request() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        chain = chain.then(build);
      }, opts.delayMs ?? 2000);
    },
    /** Runs a waiting rebuild now, and resolves once none is waiting or running (shutdown, tests). */
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        chain = chain.then(build);
      }
      await chain;
    },
  };
}

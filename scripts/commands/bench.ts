import { resolve } from "node:path";
import { runBench } from "../../src/bench/run-bench.ts";
import { intOption, parseCommandArgs } from "../args.ts";
import { help, options } from "../specs/bench.ts";

export { help };

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, help);
  await runBench({
    libraries: intOption(values.libraries, "libraries", 1, 99_999) ?? 10_000,
    registrations: intOption(values.registrations, "registrations", 1, 100_000) ?? 200,
    concurrency: intOption(values.concurrency, "concurrency", 1, 256) ?? 32,
    latencyMs: intOption(values.latency, "latency", 0, 60_000) ?? 0,
    keep: !!values.keep,
    dir: values.dir ? resolve(values.dir) : undefined,
  });
  return 0;
}

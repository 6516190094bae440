// `registry <command> [options]`: thin dispatcher. Each command has a light spec in
// scripts/specs/<name>.ts (its --help text and options, no imports) and its code in
// scripts/commands/<name>.ts (`run(argv) → exit code`), which is imported only when the command
// runs: `--help` and a mistyped flag never load Eleventy, sharp, ajv and the rest.
import { parseCommandArgs, UsageError, type OptionSpec } from "./args.ts";
import { ARENA_LIMITED_COMMANDS, rerunWithArenaLimit, wantsArenaLimit } from "./arena.ts";

interface CommandSpec {
  help: string;
  options: OptionSpec;
}
const COMMANDS: Record<string, string> = {
  build: "build the directory into dist/",
  check: "validate libraries/*.yaml without building",
  serve: "serve dist/ (and POST /register) over HTTP",
  register: "run the registration handshake for one library",
  keys: "create the registry's RSA key pair",
  token: "sign or verify a Short Client Token",
  demo: "start sample libraries, register them, build and serve",
  bench: "measure build and registration performance",
  places: "show what service_area place names resolve to",
  github: "the GitHub automation: onboard issues, check pull requests, refresh",
};

const USAGE = `usage: registry <command> [options]

commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(9)} ${v}`).join("\n")}

Run \`registry <command> --help\` for a command's options.`;

const [name, ...argv] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h" || name === "help") {
  if (name) console.log(USAGE);
  else console.error(USAGE);
  process.exit(name ? 0 : 2);
}
if (!(name in COMMANDS)) {
  console.error(`registry: unknown command '${name}'\n\n${USAGE}`);
  process.exit(2);
}
if (argv.includes("--help") || argv.includes("-h")) {
  // Only the command's spec: no Eleventy, sharp, ajv, yaml … for a help text.
  const spec = (await import(`./specs/${name}.ts`)) as CommandSpec;
  console.log(spec.help);
  process.exit(0);
}
try {
  // Check the arguments against the light spec first, so a mistyped flag is answered before the
  // command's modules load; the command parses them again itself (it is also called directly).
  const spec = (await import(`./specs/${name}.ts`)) as CommandSpec;
  parseCommandArgs(argv, spec.options, spec.help);
  if (ARENA_LIMITED_COMMANDS.has(name) && wantsArenaLimit()) {
    // once more, with glibc's malloc limited to two arenas (see scripts/arena.ts)
    process.exitCode = await rerunWithArenaLimit();
  } else {
    const mod = (await import(`./commands/${name}.ts`)) as { run(argv: string[]): Promise<number> };
    process.exitCode = await mod.run(argv);
  }
} catch (err) {
  console.error(`registry ${name}: ${(err as Error).message}`);
  if (process.env.REGISTRY_DEBUG) console.error(err);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}

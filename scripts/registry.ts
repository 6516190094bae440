// `registry <command> [options]`: thin dispatcher. Each command lives in scripts/commands/<name>.ts
// and exports `help` (its --help text) and `run(argv) → exit code`.
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
const mod = (await import(`./commands/${name}.ts`)) as { help: string; run(argv: string[]): Promise<number> };
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(mod.help);
  process.exit(0);
}
try {
  const code = await mod.run(argv);
  process.exitCode = code;
} catch (err) {
  const { UsageError } = await import("./args.ts");
  console.error(`registry ${name}: ${(err as Error).message}`);
  if (process.env.REGISTRY_DEBUG) console.error(err);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}

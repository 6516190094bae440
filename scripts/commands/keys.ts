// `registry keys`: create the registry's own RSA key pair. The public key goes where the config
// points (it is committed, so anyone can seal values for the registry); the private key goes to a
// path outside the git working tree, mode 0600, and from there into CI secret storage.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { intOption, parseCommandArgs, UsageError } from "../args.ts";
import { help, options as OPTIONS } from "../specs/keys.ts";

export { help };

export interface Io {
  out(line: string): void;
  err(line: string): void;
}
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const DEFAULT_CONFIG = "registry.config.yaml";
const DEFAULT_PUBLIC_KEY = "registry-public-key.pem";

export async function run(argv: string[], io: Io = consoleIo): Promise<number> {
  try {
    return keys(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`registry keys: ${err.message}`);
      return 2;
    }
    io.err(`registry keys: ${(err as Error).message}`);
    return 1;
  }
}

function keys(argv: string[], io: Io): number {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, help);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${help}`);
  if (!values["private-out"]) {
    throw new UsageError(`--private-out PATH is required: choose a place outside the repository for the private key\n\n${help}`);
  }
  const bits = intOption(values.bits, "bits", 2048, 16384) ?? 3072;
  const force = values.force ?? false;
  const privatePath = resolve(values["private-out"]);
  const publicPath = values["public-out"] ? resolve(values["public-out"]) : publicKeyPathFromConfig(values.config);

  if (privatePath === publicPath) throw new UsageError("--private-out and the public key path are the same file");
  const roots = [projectRoot(process.cwd()), projectRoot(nearestExisting(dirname(privatePath)))];
  for (const found of roots) {
    if (found && isInside(realOf(privatePath), found.root)) {
      const what = found.git ? "the git repository" : "the project folder";
      io.err(`registry keys: refusing to write the private key inside ${what} ${found.root}:\n  ${privatePath}\nChoose a path outside it, e.g. --private-out ~/.config/opds-registry/registry-private-key.pem`);
      return 1;
    }
  }
  for (const p of [privatePath, publicPath]) {
    if (existsSync(p) && !force) {
      io.err(`registry keys: ${p} already exists; pass --force to replace it (values sealed to the old key then need the old private key)`);
      return 1;
    }
  }

  io.out(`generating a ${bits}-bit RSA key pair…`);
  const pair = generateRegistryKeyPair(bits);
  // Private first: a public key whose private half was never saved would seal values nobody can read.
  mkdirSync(dirname(privatePath), { recursive: true, mode: 0o700 });
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  chmodSync(privatePath, 0o600); // `mode` applies only when the file is created
  mkdirSync(dirname(publicPath), { recursive: true });
  writeFileSync(publicPath, pair.publicKeyPem, { mode: 0o644 });

  const shownPublic = relative(process.cwd(), publicPath) || publicPath;
  io.out(`public key:  ${shownPublic}  (commit it)`);
  io.out(`private key: ${privatePath}  (mode 0600; never commit it)`);
  io.out("");
  io.out("Store the private key as a CI secret, for example with the GitHub CLI:");
  io.out(`  gh secret set REGISTRY_PRIVATE_KEY < ${shellQuote(privatePath)}`);
  io.out("or, where the key can stay a file on the machine that builds, point to it instead:");
  io.out(`  export REGISTRY_PRIVATE_KEY_FILE=${shellQuote(privatePath)}`);
  io.out("Keep a backup: without it, sealed shared secrets and contact addresses cannot be read back.");
  if (force) io.out("Values sealed to the previous key must be re-sealed (or re-issued) with the new one.");
  return 0;
}

/** keys.public_key from the config (relative to the config file), else the default. */
function publicKeyPathFromConfig(configOption: string | undefined): string {
  const configPath = resolve(configOption ?? DEFAULT_CONFIG);
  if (!existsSync(configPath)) {
    if (configOption) throw new Error(`config file ${configPath} does not exist`);
    return resolve(DEFAULT_PUBLIC_KEY);
  }
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(configPath, "utf8"));
  } catch (err) {
    throw new Error(`${configPath}: ${(err as Error).message}`);
  }
  const keysSection = doc && typeof doc === "object" ? (doc as Record<string, unknown>).keys : undefined;
  const configured = keysSection && typeof keysSection === "object" ? (keysSection as Record<string, unknown>).public_key : undefined;
  if (configured === undefined || configured === null) return resolve(dirname(configPath), DEFAULT_PUBLIC_KEY);
  if (typeof configured !== "string" || configured.trim() === "") throw new Error(`${configPath}: keys.public_key must be a path`);
  return resolve(dirname(configPath), configured);
}

/**
 * The project folder containing dir: the git working tree (a `.git` directory or file) or, in a
 * copy that is not a git repository, the nearest folder with registry.config.yaml or package.json.
 * Symlinks resolved.
 */
function projectRoot(dir: string): { root: string; git: boolean } | null {
  let marked: string | null = null;
  for (let d = realOf(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return { root: d, git: true };
    if (!marked && (existsSync(join(d, "registry.config.yaml")) || existsSync(join(d, "package.json")))) marked = d;
    if (dirname(d) === d) return marked ? { root: marked, git: false } : null;
  }
}

function nearestExisting(p: string): string {
  let d = p;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** The real path of p, resolving symlinks in the part that exists. */
function realOf(p: string): string {
  const base = nearestExisting(p);
  const real = realpathSync(base);
  const rest = relative(base, p);
  return rest ? join(real, rest) : real;
}

function isInside(p: string, dir: string): boolean {
  const rel = relative(dir, p);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

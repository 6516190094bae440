// `registry token sign|verify`: Short Client Tokens from the command line. The library's secret is
// given with --secret, or read from libraries/*.yaml (its sealed shared_secret, unsealed with the
// registry private key from REGISTRY_PRIVATE_KEY or REGISTRY_PRIVATE_KEY_FILE).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { loadRegistryPrivateKey } from "../../src/registry/registry-keys.ts";
import { isSealed, unseal } from "../../src/registry/sealed.ts";
import { encodeExpiry, signShortClientToken, verifyShortClientToken } from "../../src/registry/short-client-token.ts";
import { parseCommandArgs, UsageError } from "../args.ts";
import { help, options as OPTIONS } from "../specs/token.ts";

export { help };

export interface Io {
  out(line: string): void;
  err(line: string): void;
}
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

export async function run(argv: string[], io: Io = consoleIo, now: Date = new Date()): Promise<number> {
  try {
    return token(argv, io, now);
  } catch (err) {
    io.err(`registry token: ${(err as Error).message}`);
    return err instanceof UsageError ? 2 : 1;
  }
}

function token(argv: string[], io: Io, now: Date): number {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, help);
  const [action, ...rest] = positionals;
  if (values.secret !== undefined && values.libraries !== undefined) throw new UsageError(`give --secret or --libraries, not both\n\n${help}`);
  if (values.secret === "") throw new UsageError("--secret must not be empty");
  const secrets = values.secret !== undefined
    ? () => values.secret
    : librarySecrets(resolve(values.libraries ?? "libraries"), io);

  if (action === "sign") {
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'\n\n${help}`);
    if (!values.library) throw new UsageError(`sign needs --library SHORT\n\n${help}`);
    if (!values.patron) throw new UsageError(`sign needs --patron ID\n\n${help}`);
    const secret = secrets(values.library.toUpperCase());
    if (secret === undefined) throw new Error(`no library with short name ${values.library.toUpperCase()} in ${values.libraries ?? "libraries"}/`);
    const expires = encodeExpiry(parseExpires(values.expires ?? "+60", now), "minutes-since-2017");
    io.out(signShortClientToken({ shortName: values.library, secret, patron: values.patron, expires }));
    return 0;
  }
  if (action === "verify") {
    if (rest.length !== 1) throw new UsageError(`verify takes exactly one TOKEN\n\n${help}`);
    for (const o of ["library", "patron", "expires"] as const) if (values[o] !== undefined) throw new UsageError(`--${o} is for sign, not verify`);
    const result = verifyShortClientToken(rest[0], secrets, now);
    if (!result.ok) {
      io.err(`invalid: ${result.reason}`);
      return 1;
    }
    io.out(`valid: library ${result.shortName}, patron ${result.patron}, expires ${result.expires.toISOString()}`);
    return 0;
  }
  throw new UsageError(`${action === undefined ? "say sign or verify" : `unknown action '${action}'`}\n\n${help}`);
}

function parseExpires(text: string, now: Date): Date {
  const rel = /^\+(\d+)$/.exec(text);
  if (rel) return new Date(now.getTime() + Number(rel[1]) * 60_000);
  // A date and a time with an explicit zone, so the same input means the same instant everywhere.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--expires takes +MINUTES or an ISO-8601 time with a zone (2026-05-01T12:00:00Z), not '${text}'`);
}

/**
 * A lookup over libraries/*.yaml: short_name (upper-cased) → the unsealed shared secret. The
 * private key is loaded only when a secret is actually needed.
 */
function librarySecrets(dir: string, io: Io): (shortNameUpper: string) => string | undefined {
  let index: Map<string, { file: string; value: unknown }> | undefined;
  let privateKey: string | undefined;
  return (name) => {
    index ??= readEntries(dir);
    const entry = index.get(name);
    if (!entry) return undefined;
    const { file, value } = entry;
    if (typeof value !== "string" || value === "") throw new Error(`${file}: library ${name} has no shared_secret`);
    if (!isSealed(value)) {
      io.err(`warning: ${file}: shared_secret is not sealed — it is readable by anyone; re-issue it`);
      return value;
    }
    if (privateKey === undefined) {
      const loaded = loadRegistryPrivateKey();
      if (!loaded) throw new Error("the registry private key is needed to read sealed secrets: set REGISTRY_PRIVATE_KEY (PEM) or REGISTRY_PRIVATE_KEY_FILE (a path), or pass --secret");
      privateKey = loaded.pem;
    }
    try {
      return unseal(value, privateKey);
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  };
}

function readEntries(dir: string): Map<string, { file: string; value: unknown }> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    throw new Error(`cannot read library entries from ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const index = new Map<string, { file: string; value: unknown }>();
  for (const n of names) {
    const file = join(dir, n);
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    for (const entry of Array.isArray(doc) ? doc : [doc]) {
      if (!entry || typeof entry !== "object") continue;
      const { short_name, shared_secret } = entry as Record<string, unknown>;
      if (typeof short_name !== "string" || short_name === "") continue;
      const key = short_name.toUpperCase();
      const previous = index.get(key);
      if (previous) throw new Error(`short name ${key} is used by both ${previous.file} and ${file}`);
      index.set(key, { file, value: shared_secret });
    }
  }
  return index;
}

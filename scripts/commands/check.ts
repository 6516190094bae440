import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { loadConfig } from "../../src/registry/config.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { formatSourceError } from "../../src/registry/yaml-source.ts";
import { scanFiles } from "../../src/registry/leak-guard.ts";
import { isDirectory, parseCommandArgs } from "../args.ts";
import { help, options } from "../specs/check.ts";

export { help };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  const config = loadConfig(values.config);
  const dir = values.libraries ? resolve(values.libraries) : config.libraries_dir;
  // A mistyped --libraries must not pass as "0 entries valid".
  if (values.libraries !== undefined && !positionals.length && !isDirectory(dir)) {
    console.error(`registry check: --libraries ${values.libraries}: ${dir} is not a folder`);
    return 1;
  }
  const missing = positionals.filter((p) => !existsSync(p));
  if (missing.length) {
    for (const p of missing) console.error(`registry check: ${p} does not exist (give entry files such as libraries/springfield.yaml, or none to check the whole folder)`);
    return 1;
  }
  const { entries, errors } = loadEntries(dir, { files: positionals });
  const messages = errors.map(formatSourceError);
  // Without FILEs, every file of the folder: a stray key file must not be committed either.
  const leaks = await scanFiles(positionals.length ? positionals.map((p) => resolve(p)) : existsSync(dir) ? [dir] : []);
  // One path form (relative, as the entry errors), and a line the schema already refused for the
  // same reason (a plaintext shared_secret) is not reported a second time.
  const reported = new Set(errors.map((e) => `${resolve(e.file)}:${e.line}`));
  for (const l of leaks) {
    if (reported.has(`${resolve(l.where)}:${l.line}`)) continue;
    messages.push(`${relative(process.cwd(), l.where) || l.where}${l.message.slice(l.where.length)}`);
  }
  if (messages.length) {
    for (const m of messages) console.error(m);
    console.error(`\n${messages.length} problem${messages.length === 1 ? "" : "s"} in ${dir}`);
    return 1;
  }
  console.log(`${entries.length} entr${entries.length === 1 ? "y" : "ies"} valid.`);
  // Not errors, but a maintainer must decide: contact changes asked for without the library's secret.
  for (const e of entries.filter((x) => x.entry.contact_pending)) {
    const line = readFileSync(e.path, "utf8").split("\n").findIndex((l) => l.startsWith("contact_pending:")) + 1;
    console.log(`${e.file}:${line || 1}:1 review: contact_pending holds a new contact address asked for without the library's secret; to accept it, replace contact with it, else delete contact_pending`);
  }
  return 0;
}

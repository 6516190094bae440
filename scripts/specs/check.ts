// `registry check`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry check [FILE...] [--libraries DIR] [--config FILE]

Validates library entries without building: the entry schema (unknown keys, wrong types, missing
keys), duplicate id / url / short_name across files, and the leak guard (no private key, no
plaintext shared secret, no plaintext contact address). Every error is reported as
file:line:column with the fix. Entries holding a contact change that awaits review
(contact_pending) are listed as "review:" lines; they do not fail the check. With FILEs, checks those (duplicates still count every entry).

  --libraries DIR   folder of entries (default: libraries_dir of the config, "libraries")
  --config FILE     registry config (default: registry.config.yaml)

Exit code 0 when everything is valid, 1 otherwise.`;

export const options = { libraries: { type: "string" }, config: { type: "string" } } as const;

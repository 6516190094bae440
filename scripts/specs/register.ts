// `registry register`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry register URL [--stage testing|production] [--contact mailto:…] [--bearer SECRET]
                         [--reset-shared-secret] [--libraries DIR] [--config FILE]

Runs the OPDS Directory Registration Protocol handshake for the library whose Authentication for
OPDS document is at URL (or, in the earlier revision's flow, whose OPDS feed is at URL): fetches and
validates the document, checks that its start feed links back, and creates or updates
libraries/<slug>.yaml. New libraries get registry_stage: testing until a maintainer approves them.
Prints the registration document (JSON) and exits 0, or prints the problem detail (JSON) and exits 1.
Nothing is written on failure.

  --stage S               what the library asks for: testing or production (default production)
  --contact mailto:…      a private contact address, stored sealed to the registry's key
  --bearer SECRET         the library's current shared secret (proves ownership: lets the URL change)
  --reset-shared-secret   with --bearer: issue a new shared secret
  --libraries DIR         folder of entries (default: libraries_dir of the config)
  --config FILE           registry config (default: registry.config.yaml)

Secrets are issued when the document has a public_key and the registry has its key pair
(keys.public_key in the config; the private key in REGISTRY_PRIVATE_KEY or REGISTRY_PRIVATE_KEY_FILE).`;

export const options = {
  stage: { type: "string" },
  contact: { type: "string" },
  bearer: { type: "string" },
  "reset-shared-secret": { type: "boolean" },
  libraries: { type: "string" },
  config: { type: "string" },
} as const;

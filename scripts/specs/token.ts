// `registry token`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry token sign --library SHORT --patron ID [--expires ISO-8601|+MINUTES] [--secret S | --libraries DIR]
       registry token verify TOKEN [--secret S | --libraries DIR]

Signs or verifies a Short Client Token (SHORT|EXPIRES|PATRON|SIGNATURE).

  --library SHORT    the library's short name (sign)
  --patron ID        an opaque, stable patron identifier (sign)
  --expires WHEN     an ISO-8601 time, or +MINUTES from now (default +60). The circulation
                     manager encodes a token's expiry as seconds since 1970; sign writes the
                     older form, minutes since 2017-01-01; verify accepts both
  --secret S         the library's shared secret (the 48-character string). Without it the secret
                     is read from the library's entry in --libraries, unsealed with the registry
                     private key (REGISTRY_PRIVATE_KEY or REGISTRY_PRIVATE_KEY_FILE)
  --libraries DIR    where the library entries are (default libraries)

verify prints the library, patron and expiry and exits 0, or prints why the token is invalid
and exits 1.`;

export const options = {
  library: { type: "string" },
  patron: { type: "string" },
  expires: { type: "string" },
  secret: { type: "string" },
  libraries: { type: "string" },
} as const;

// `registry keys`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry keys --private-out PATH [--config FILE] [--public-out PATH] [--bits N] [--force]

Creates the registry's RSA key pair, used to seal shared secrets and contact addresses in
libraries/*.yaml so that only the registry can read them back.

  --private-out PATH  where to write the private key (PKCS#8 PEM, mode 0600). Required, and it
                      must be outside the project folder (its git repository, or, in a copy
                      without git, the folder holding registry.config.yaml or package.json):
                      it is never committed.
  --public-out PATH   where to write the public key (SPKI PEM). Default: keys.public_key in the
                      config file, else registry-public-key.pem. Commit this file.
  --config FILE       the registry config (default registry.config.yaml)
  --bits N            key size, 2048 to 16384 (default 3072)
  --force             overwrite existing key files. Values sealed to the old key can then only
                      be read with the old private key.

Relative paths are resolved against the current directory.`;

export const options = {
  config: { type: "string" },
  "public-out": { type: "string" },
  "private-out": { type: "string" },
  bits: { type: "string" },
  force: { type: "boolean" },
} as const;

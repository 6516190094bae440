// Everything a registration needs, assembled from the config and the environment.
import type { RegistryConfig } from "./config.ts";
import type { RegistrationContext } from "./register.ts";
import { loadRegistryKeys } from "./registry-keys.ts";
import { safeFetch } from "../net/safe-fetch.ts";
import { fetchPolicy, type Fetcher } from "./fetcher.ts";

export function registrationContext(config: RegistryConfig, opts: { librariesDir?: string; fetch?: Fetcher; env?: NodeJS.ProcessEnv } = {}): RegistrationContext {
  const policy = fetchPolicy(config);
  // The private key alone is enough: the public key is derived from it when keys.public_key is absent.
  const keys = loadRegistryKeys(config.keys.public_key, opts.env ?? process.env);
  return {
    config,
    librariesDir: opts.librariesDir ?? config.libraries_dir,
    fetch: opts.fetch ?? ((url, init) => safeFetch(url, policy, init)),
    registryPublicKey: keys.publicKey,
    registryPrivateKey: keys.privateKey,
  };
}

// Everything a registration needs, assembled from the config and the environment.
import type { RegistryConfig } from "./config.ts";
import type { RegistrationContext } from "./register.ts";
import { loadRegistryPrivateKey, loadRegistryPublicKey } from "./registry-keys.ts";
import { safeFetch } from "../net/safe-fetch.ts";
import { fetchPolicy, type Fetcher } from "./fetcher.ts";

export function registrationContext(config: RegistryConfig, opts: { librariesDir?: string; fetch?: Fetcher; env?: NodeJS.ProcessEnv } = {}): RegistrationContext {
  const policy = fetchPolicy(config);
  return {
    config,
    librariesDir: opts.librariesDir ?? config.libraries_dir,
    fetch: opts.fetch ?? ((url, init) => safeFetch(url, policy, init)),
    registryPublicKey: loadRegistryPublicKey(config.keys.public_key),
    registryPrivateKey: loadRegistryPrivateKey(opts.env ?? process.env)?.pem ?? null,
  };
}

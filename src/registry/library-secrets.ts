// short name → the library's shared secret, read from libraries/*.yaml and unsealed with the
// registry's private key: what verifies Short Client Tokens (Adobe Vendor ID). The index is
// re-read at most every `maxAgeMs`, so libraries registered meanwhile are found.
import { loadEntries } from "./entries.ts";
import { isSealed, unseal } from "./sealed.ts";

export function librarySecretLookup(dir: string, privateKey: string, maxAgeMs = 30_000, clock: () => number = Date.now): (shortNameUpper: string) => string | undefined {
  let index = new Map<string, string>();
  let readAt = -Infinity;
  const opened = new Map<string, string>();
  return (name) => {
    if (clock() - readAt > maxAgeMs) {
      index = new Map();
      for (const { entry } of loadEntries(dir).entries) {
        if (entry.short_name && entry.shared_secret) index.set(entry.short_name.toUpperCase(), entry.shared_secret);
      }
      readAt = clock();
    }
    const sealed = index.get(name);
    if (!sealed || !isSealed(sealed)) return undefined;
    let secret = opened.get(sealed);
    if (secret === undefined) {
      try {
        secret = unseal(sealed, privateKey);
      } catch {
        return undefined; // sealed to another key: no token from this library can be checked here
      }
      opened.set(sealed, secret);
    }
    return secret;
  };
}

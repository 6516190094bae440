// short name → the library's shared secret, read from libraries/*.yaml and unsealed with the
// registry's private key: what verifies Short Client Tokens (Adobe Vendor ID). The entry is found
// through the folder's index (src/registry/bearer.ts), which follows registrations and pulls, so
// a lookup never reads every entry on a request's path.
import { findByShortName } from "./bearer.ts";
import { isSealed, unseal } from "./sealed.ts";

export function librarySecretLookup(dir: string, privateKey: string): (shortNameUpper: string) => string | undefined {
  const opened = new Map<string, string>();
  return (name) => {
    const sealed = findByShortName(dir, name)?.entry.shared_secret;
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

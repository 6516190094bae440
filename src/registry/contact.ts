// A library's private contact address (the protocol's integration contact) belongs to the
// library: the registry never shows a stored one except to the library itself (proved by its
// Bearer secret), and never lets anyone else replace it. For a library that holds a secret, a
// change needs that secret; for one without, a change is kept apart as `contact_pending` (sealed)
// for a maintainer to accept in review, instead of silently replacing the reviewed address.
import { problem, type Problem } from "../opds/problem.ts";
import type { LibraryEntry } from "./entries.ts";
import { seal, unseal } from "./sealed.ts";

export interface ContactDecision {
  /** The entry's contact fields after this registration (absent: none). */
  entry: Pick<LibraryEntry, "contact" | "contact_pending">;
  /** The address the registration answer may carry, for the library's own eyes only. */
  shown?: string;
  warnings: Problem[];
  problem?: Problem;
}

interface Keys {
  registryPublicKey: string | null;
  registryPrivateKey: string | null;
}

function opened(sealed: string | undefined, privateKey: string | null): string | undefined {
  if (!sealed || !privateKey) return undefined;
  try {
    return unseal(sealed, privateKey);
  } catch {
    return undefined; // an unreadable old value is not the library's problem
  }
}

export function decideContact(opts: { requested?: string; prior?: LibraryEntry; elevated: boolean; keys: Keys }): ContactDecision {
  const { requested, prior, elevated, keys } = opts;
  const kept: ContactDecision["entry"] = { contact: prior?.contact, contact_pending: prior?.contact_pending };
  const storedShown = () => (elevated ? opened(prior?.contact, keys.registryPrivateKey) : undefined);

  if (requested === undefined) return { entry: kept, shown: storedShown(), warnings: [] };
  if (!keys.registryPublicKey) {
    const w = problem("noRegistryKey", "The contact address was not stored: this registry has no key to seal it with, and it never stores one in plaintext.");
    return { entry: kept, shown: storedShown(), warnings: [w] };
  }
  // A new library's record is reviewed whole; the library itself may always change its own.
  if (!prior || elevated) return { entry: { contact: seal(requested, keys.registryPublicKey) }, shown: requested, warnings: [] };

  if (opened(prior.contact, keys.registryPrivateKey) === requested) return { entry: kept, warnings: [] };
  if (prior.shared_secret) {
    return {
      entry: kept,
      warnings: [],
      problem: problem("credentialsInvalid", `Changing the contact address of ${prior.url} needs the library's shared secret (Authorization: Bearer …).`),
    };
  }
  const pending = opened(prior.contact_pending, keys.registryPrivateKey) === requested ? prior.contact_pending : seal(requested, keys.registryPublicKey);
  const w = problem("contactPending", "The new contact address awaits a maintainer's review (send your shared secret as a Bearer to change it yourself once you hold one); the one on record stays until then.");
  return { entry: { contact: prior.contact, contact_pending: pending }, warnings: [w] };
}

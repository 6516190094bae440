// Names for temporary files (written, then renamed into place): twelve hex digits, different for
// every call in this process and, from a random start per process, between processes. A cold
// build names about 40,000 of them; drawing random bytes for each was most of a second.
import { randomBytes } from "node:crypto";

const START = randomBytes(6).readUIntBE(0, 6);
let next = 0;

export function tempToken(): string {
  // 48 bits, wrapping: a process would need 2^48 temporary files to meet its own start again
  return ((START + next++) % 2 ** 48).toString(16).padStart(12, "0");
}

/** A temporary file's name beside `path` (`<path>.<token>.tmp`), for a write renamed over it. */
export const tempPathFor = (path: string): string => `${path}.${tempToken()}.tmp`;

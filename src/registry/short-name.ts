// Short names (crypto.md §4): six random uppercase letters, unique in the registry, assigned at the
// first registration that carries an RSA key and never changed afterwards. They name the library
// inside Short Client Tokens.
import { randomInt } from "node:crypto";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LENGTH = 6;
const ATTEMPTS = 20;

/** `random(max)` returns an integer in [0, max); crypto.randomInt by default. */
export function newShortName(taken: Set<string>, random: (max: number) => number = randomInt): string {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let name = "";
    for (let i = 0; i < LENGTH; i++) {
      const n = random(LETTERS.length);
      if (!Number.isInteger(n) || n < 0 || n >= LETTERS.length) throw new Error(`the random source gave ${n}, outside 0..${LETTERS.length - 1}`);
      name += LETTERS[n];
    }
    if (!taken.has(name)) return name;
  }
  throw new Error(`could not find an unused short name in ${ATTEMPTS} attempts (${taken.size} names taken); the random source may be broken`);
}

/**
 * A short name we accept, including one an admin sets by hand: 1–10 uppercase letters or digits
 * (older registries used hex names; the wiki allowed up to 10). Never a `|`, which would break a
 * Short Client Token, and never lower case (tokens are matched upper-cased).
 */
export function isValidShortName(s: unknown): s is string {
  return typeof s === "string" && /^[A-Z0-9]{1,10}$/.test(s);
}

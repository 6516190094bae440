// Deterministic randomness for the bench: library i gets the same data in every process and run,
// so the floors and the builds measure the same work. Each kind of data has its own stream
// (`salt`), so adding a new kind never changes the others.

/** mulberry32 seeded from (i, salt): fast, 32-bit state, good enough for test data. */
export function syntheticRandom(i: number, salt: string): () => number {
  let a = (Math.imul(i + 1, 0x9e3779b1) ^ hash(salt)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619);
  return h >>> 0;
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** An index skewed towards the start of a list sorted largest first. */
export function pickSkewed<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * r() * xs.length)];
}

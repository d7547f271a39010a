import { createHash } from 'node:crypto';

/** A small seeded PRNG (mulberry32): the demo data must be the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (probability: number): boolean => next() < probability,
  };
}

export type Random = ReturnType<typeof seededRandom>;

/**
 * A stable UUID for a seeded row, derived from its natural key, so that seeding twice gives the
 * same ids (deterministic demo data, stable links in docs and tests).
 */
export function seedId(naturalKey: string): string {
  const hex = createHash('sha256').update(`ledger-seed:${naturalKey}`).digest('hex');
  // Version 8 (custom) with the RFC 4122 variant bits.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

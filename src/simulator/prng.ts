/** Small deterministic PRNG (mulberry32): the simulator's data and fault choices must be reproducible per seed. */

export interface Random {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several values into one 32-bit seed, so sub-streams (per invoice, per fault kind) stay independent. */
export function hashSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `n${part}` : `s${part}`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 13;
  }
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() on an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(probability) {
      return next() < probability;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let draw = next() * total;
      for (const [value, weight] of entries) {
        draw -= weight;
        if (draw < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted() on an empty list');
      return last[0];
    },
  };
  return random;
}

/** Fills `target` with pseudo-random bytes that depend only on (seed, position), so large files can be produced chunk by chunk. */
export function fillRandomBytes(seed: number, blockIndex: number, target: Uint8Array): void {
  const next = mulberry32(hashSeed(seed, blockIndex));
  const whole = target.length - (target.length % 4);
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  for (let i = 0; i < whole; i += 4) view.setUint32(i, (next() * 4294967296) >>> 0, true);
  for (let i = whole; i < target.length; i++) target[i] = Math.floor(next() * 256);
}

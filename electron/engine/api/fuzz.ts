// A small seeded generator of hostile payloads for the fuzz tests: no dependency, the same
// sequence on every run, and shapes chosen to break parsers (prototype keys, NaN, huge
// strings, deep nesting, wrong types in the right places).

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share',
  '\0',
  'a\u0000b',
  '\u202e\u0000',
  '😀'.repeat(50),
  'x'.repeat(10_000),
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  'NEAR(a b)',
  '*',
  'AND OR NOT',
  '{a|b}',
  '%s%n%x',
  'null',
  'true',
  '1e309',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  -(2 ** 53),
  1e308,
  65536,
];

export function randomValue(random: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const roll = random();
  if (roll < 0.1) return null;
  if (roll < 0.15) return undefined;
  if (roll < 0.22) return random() < 0.5;
  if (roll < 0.35) return random() < 0.5 ? pick(NASTY_NUMBERS) : Math.floor(random() * 2000) - 1000;
  if (roll < 0.5) return pick(NASTY_STRINGS);
  if (roll < 0.6) {
    // Random printable text without path separators: nothing the fuzz sends names a real folder.
    const length = Math.floor(random() * 24);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(33 + Math.floor(random() * 94));
    return text.replace(/[/\\]/g, '_');
  }
  if (depth >= 3) return pick(NASTY_STRINGS);
  if (roll < 0.75) {
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  }
  const out: Record<string, unknown> = {};
  const keys = Math.floor(random() * 4);
  for (let i = 0; i < keys; i++) {
    const key =
      random() < 0.3 ? pick(['__proto__', 'constructor', 'spec', 'batchId', 'paths']) : `k${i}`;
    Object.defineProperty(out, key, {
      value: randomValue(random, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Variants of a valid object with one thing broken: a field removed, retyped or added. */
export function mutations(random: () => number, valid: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(valid)) {
    const { [key]: _dropped, ...rest } = valid;
    out.push(rest);
    out.push({ ...valid, [key]: randomValue(random) });
    const inner = valid[key];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const nested of mutations(random, inner as Record<string, unknown>)) {
        out.push({ ...valid, [key]: nested });
      }
    }
  }
  out.push({ ...valid, unexpected: randomValue(random) });
  out.push([valid], JSON.stringify(valid), null, undefined, 42);
  return out;
}

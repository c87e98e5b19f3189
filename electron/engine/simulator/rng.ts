/** A small seeded PRNG (mulberry32): the same seed gives the same ids, jitter and faults. */
export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Lowercase letters and digits, as in PoYo's `task-unified-1757165031-uyujaw3d`. */
  token(length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** FNV-1a, 32 bit: a stable hash for colours and salts. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Independent streams from one seed, so turning jitter on does not change the task ids. */
export interface RngStreams {
  ids: Prng;
  jitter: Prng;
  faults: Prng;
  outcomes: Prng;
}

export function makeStreams(seed: number): RngStreams {
  return {
    ids: new Prng(seed ^ hash32('ids')),
    jitter: new Prng(seed ^ hash32('jitter')),
    faults: new Prng(seed ^ hash32('faults')),
    outcomes: new Prng(seed ^ hash32('outcomes')),
  };
}

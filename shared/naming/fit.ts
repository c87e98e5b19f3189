/**
 * Names that fit every filesystem Genloom writes to. A path component may hold 255 bytes
 * (ext4, APFS: UTF-8 bytes; NTFS: UTF-16 units), and 83 CJK characters are already 249 bytes.
 * A rendered name the user did not type is therefore shortened, never refused: on a character
 * boundary, keeping its start and its end (where {index}/{seq} and the extension sit), with a
 * short hash of the full name in between so two long names stay two names. Pure: the renderer
 * shows the same name the engine writes.
 */

/** A path component on disk, in UTF-8 bytes (and UTF-16 units on Windows). */
export const NAME_MAX_BYTES = 255;
/** What may follow a rendered file name on disk: a collision suffix (`-100000`) and `.json`. */
export const NAME_EXTRA_BYTES = 12;
/** The longest extension a rendered name can end with: `.` and 8 characters. */
export const EXT_MAX = 9;
/** A name without its extension (and a folder name) holds at most this much. */
export const STEM_MAX_BYTES = NAME_MAX_BYTES - NAME_EXTRA_BYTES - EXT_MAX;
/** And at most this many UTF-16 units, which also keeps Windows paths short enough. */
export const STEM_MAX_CHARS = 140;

/** How much of the end of a long name is kept (the part that tells outputs apart). */
const TAIL_BYTES = 32;
const TAIL_CHARS = 24;
/** `~` and the hash. */
const MARK_LEN = 9;

export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 + 2.
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return n;
}

/** UTF-8 bytes of one code point. */
const cpBytes = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * 8 base-36 characters (41 bits) of cyrb53 over the UTF-16 text: deterministic across runs and
 * processes (the planned name is the written name), cheap, and enough to tell apart the few
 * long names that share a start and an end.
 */
export function shortHash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n.toString(36).padStart(11, '0').slice(-8);
}

function fits(s: string, bytes: number, chars: number): boolean {
  return s.length <= chars && utf8Bytes(s) <= bytes;
}

/** Whole code points from the start (or the end) within a byte and a UTF-16 budget. */
function take(cps: readonly string[], bytes: number, chars: number, fromEnd: boolean): string {
  let b = 0;
  let c = 0;
  let n = 0;
  for (; n < cps.length; n++) {
    const cp = cps[fromEnd ? cps.length - 1 - n : n] ?? '';
    const cb = cpBytes(cp.codePointAt(0) ?? 0);
    if (b + cb > bytes || c + cp.length > chars) break;
    b += cb;
    c += cp.length;
  }
  return (fromEnd ? cps.slice(cps.length - n) : cps.slice(0, n)).join('');
}

/** The start of `s` within `bytes` UTF-8 bytes, cut on a character boundary. */
export function truncateBytes(s: string, bytes: number): string {
  return take(Array.from(s), bytes, Infinity, false);
}

/** A folder name or a file name without its extension, shortened when it does not fit. */
export function fitStem(stem: string): string {
  if (fits(stem, STEM_MAX_BYTES, STEM_MAX_CHARS)) return stem;
  const cps = Array.from(stem);
  const tail = take(cps, TAIL_BYTES, TAIL_CHARS, true);
  const head = take(
    cps,
    STEM_MAX_BYTES - MARK_LEN - utf8Bytes(tail),
    STEM_MAX_CHARS - MARK_LEN - tail.length,
    false,
  );
  return `${head}~${shortHash(stem)}${tail}`;
}

/**
 * A file name: the stem fitted on its own, so the name does not depend on which extension
 * the result turns out to have (planned at batch creation, written at delivery).
 */
export function fitFileName(stem: string, ext: string): string {
  return `${fitStem(stem)}.${ext}`;
}

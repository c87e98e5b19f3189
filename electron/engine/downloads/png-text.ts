/**
 * Adds text chunks to a PNG so the prompt and parameters travel with the image (the
 * "parameters" key is what A1111-style viewers read; "genloom" holds our JSON). Latin-1 text
 * goes in tEXt; anything else in an uncompressed iTXt chunk, which is UTF-8 by definition.
 */
import { readFile, writeFile, open } from 'node:fs/promises';

export interface PngText {
  keyword: string;
  text: string;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(buf: Buffer): boolean {
  return buf.length >= 8 && buf.subarray(0, 8).equals(SIGNATURE);
}

interface Chunk {
  type: string;
  start: number;
  end: number;
  data: Buffer;
}

function* chunks(png: Buffer): Generator<Chunk> {
  let at = 8;
  while (at + 12 <= png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 12 + len;
    if (end > png.length) throw new Error(`PNG chunk ${type} runs past the end of the file.`);
    yield { type, start: at, end, data: png.subarray(at + 8, at + 8 + len) };
    at = end;
    if (type === 'IEND') return;
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function checkKeyword(k: string): void {
  // PNG spec: 1-79 Latin-1 printable characters, no leading/trailing/double spaces.
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(k) || /^ | $| {2}/.test(k)) {
    throw new Error(
      `PNG text keyword "${k}" must be 1-79 printable Latin-1 characters without edge spaces.`,
    );
  }
}

function textChunk({ keyword, text }: PngText): Buffer {
  checkKeyword(keyword);
  // tEXt allows tab and newline among the controls; the rest needs iTXt.
  // eslint-disable-next-line no-control-regex
  const latin1 = /^[\x09\x0a\x20-\x7e\xa0-\xff]*$/.test(text);
  if (latin1) {
    return chunk(
      'tEXt',
      Buffer.concat([
        Buffer.from(keyword, 'latin1'),
        Buffer.from([0]),
        Buffer.from(text, 'latin1'),
      ]),
    );
  }
  // iTXt: keyword \0 compression-flag(0) method(0) language-tag \0 translated-keyword \0 text
  return chunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(keyword, 'latin1'),
      Buffer.from([0, 0, 0, 0, 0]),
      Buffer.from(text, 'utf8'),
    ]),
  );
}

function keywordOf(c: Chunk): string | null {
  if (c.type !== 'tEXt' && c.type !== 'iTXt' && c.type !== 'zTXt') return null;
  const nul = c.data.indexOf(0);
  return nul < 0 ? null : c.data.toString('latin1', 0, nul);
}

/**
 * Returns a copy of the PNG with the entries inserted before the image data, replacing any text
 * chunk that already used one of these keywords. Throws when the buffer is not a PNG.
 */
export function insertPngText(png: Buffer, entries: readonly PngText[]): Buffer {
  if (!isPng(png)) throw new Error('Not a PNG file (the 8-byte signature is missing).');
  const keys = new Set(entries.map((e) => e.keyword));
  const parts: Buffer[] = [SIGNATURE];
  let sawEnd = false;
  let placed = false;
  for (const c of chunks(png)) {
    // Before the first IDAT rather than before IEND: readers that only parse the header
    // (libvips/sharp metadata, browsers, file managers) then see the text too.
    if (!placed && (c.type === 'IDAT' || c.type === 'IEND')) {
      parts.push(...entries.map(textChunk));
      placed = true;
    }
    if (c.type === 'IEND') sawEnd = true;
    const k = keywordOf(c);
    if (k !== null && keys.has(k)) continue;
    parts.push(png.subarray(c.start, c.end));
  }
  if (!sawEnd) throw new Error('PNG has no IEND chunk; it may be truncated.');
  return Buffer.concat(parts);
}

type Mode = 'sniff' | 'head' | 'keyword' | 'copy' | 'skip' | 'pass' | 'done';
const TEXT_TYPES = new Set(['tEXt', 'iTXt', 'zTXt']);
/** A keyword is 1-79 bytes and a NUL: enough of a text chunk's data to know whose it is. */
const KEYWORD_BYTES = 80;

/**
 * insertPngText for a file that arrives in pieces: push() each piece as it comes and write
 * what it returns, then end(). The output is byte for byte insertPngText's, without holding
 * the file: only a chunk header or a keyword is ever held back. A file that does not start
 * with the PNG signature passes through unchanged. end() throws for a PNG cut short.
 */
export class PngTextStream {
  private readonly text: Buffer;
  private readonly keys: ReadonlySet<string>;
  private mode: Mode = 'sniff';
  /** Bytes held while deciding: the signature, a chunk header, a text chunk's keyword. */
  private held = Buffer.alloc(0);
  /** Bytes of the current chunk (data and CRC) still to copy or skip. */
  private left = 0;
  private type = '';
  private placed = false;
  private sawEnd = false;

  constructor(entries: readonly PngText[]) {
    this.text = Buffer.concat(entries.map(textChunk));
    this.keys = new Set(entries.map((e) => e.keyword));
  }

  push(piece: Buffer): Buffer[] {
    const out: Buffer[] = [];
    for (let at = 0; at < piece.length;) {
      if (this.mode === 'pass') {
        out.push(at === 0 ? piece : piece.subarray(at));
        break;
      }
      // Anything after IEND is dropped, as insertPngText drops it.
      if (this.mode === 'done') break;
      if (this.mode === 'copy' || this.mode === 'skip') {
        const n = Math.min(this.left, piece.length - at);
        if (this.mode === 'copy') out.push(piece.subarray(at, at + n));
        at += n;
        this.left -= n;
        if (this.left === 0) this.mode = this.sawEnd ? 'done' : 'head';
        continue;
      }
      const take = Math.min(this.need() - this.held.length, piece.length - at);
      this.held = Buffer.concat([this.held, piece.subarray(at, at + take)]);
      at += take;
      if (this.mode === 'sniff' && !SIGNATURE.subarray(0, this.held.length).equals(this.held)) {
        this.release(out, 'pass');
      } else if (this.held.length === this.need()) {
        this.decide(out);
      }
    }
    return out;
  }

  /** The bytes still held; throws when the PNG ended inside a chunk or before IEND. */
  end(): Buffer[] {
    if (this.mode === 'sniff') return this.held.length > 0 ? [this.held] : [];
    if (this.mode === 'pass' || this.mode === 'done') return [];
    if (this.mode !== 'head' || this.held.length >= 8) {
      throw new Error(`PNG chunk ${this.type} runs past the end of the file.`);
    }
    throw new Error('PNG has no IEND chunk; it may be truncated.');
  }

  private need(): number {
    if (this.mode !== 'keyword') return 8;
    return 8 + Math.min(this.held.readUInt32BE(0), KEYWORD_BYTES);
  }

  private release(out: Buffer[], next: Mode, left = 0): void {
    out.push(this.held);
    this.held = Buffer.alloc(0);
    this.mode = next;
    this.left = left;
  }

  private decide(out: Buffer[]): void {
    if (this.mode === 'sniff') return this.release(out, 'head');
    const len = this.held.readUInt32BE(0);
    if (this.mode === 'keyword') {
      const data = this.held.subarray(8);
      const nul = data.indexOf(0);
      const left = len + 4 - data.length;
      if (nul < 0 || !this.keys.has(data.toString('latin1', 0, nul))) {
        return this.release(out, 'copy', left);
      }
      this.held = Buffer.alloc(0);
      this.mode = 'skip';
      this.left = left;
      return;
    }
    this.type = this.held.toString('latin1', 4, 8);
    // Before the first IDAT (see insertPngText): header-only readers see the text too.
    if (!this.placed && (this.type === 'IDAT' || this.type === 'IEND')) {
      out.push(this.text);
      this.placed = true;
    }
    if (this.type === 'IEND') this.sawEnd = true;
    if (TEXT_TYPES.has(this.type) && len > 0) this.mode = 'keyword';
    else this.release(out, 'copy', len + 4);
  }
}

/** Reads tEXt and uncompressed iTXt entries (for tests, lineage and the output viewer). */
export function readPngText(png: Buffer): PngText[] {
  if (!isPng(png)) return [];
  const out: PngText[] = [];
  for (const c of chunks(png)) {
    const nul = c.data.indexOf(0);
    if (nul < 0) continue;
    const keyword = c.data.toString('latin1', 0, nul);
    if (c.type === 'tEXt') out.push({ keyword, text: c.data.toString('latin1', nul + 1) });
    if (c.type === 'iTXt' && c.data[nul + 1] === 0) {
      const lang = c.data.indexOf(0, nul + 3);
      const trans = lang < 0 ? -1 : c.data.indexOf(0, lang + 1);
      if (trans >= 0) out.push({ keyword, text: c.data.toString('utf8', trans + 1) });
    }
  }
  return out;
}

/** The two entries Genloom writes: A1111-style "parameters" and a JSON "genloom". */
export function genloomPngText(info: {
  prompt: string;
  params: Record<string, unknown>;
  provider: string;
  model: string;
  seed?: number | null;
}): PngText[] {
  const rest = Object.entries(info.params)
    .filter(([k]) => k !== 'prompt')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const line = [
    `Model: ${info.provider}/${info.model}`,
    ...(info.seed == null ? [] : [`Seed: ${info.seed}`]),
    ...rest,
  ];
  return [
    { keyword: 'parameters', text: `${info.prompt}\n${line.join(', ')}` },
    { keyword: 'genloom', text: JSON.stringify(info) },
  ];
}

/**
 * Rewrites a PNG file in place with the entries and fsyncs it. Returns false (file untouched)
 * when the file is not a PNG, so callers can pass every output through it.
 */
export async function embedPngTextFile(
  path: string,
  entries: readonly PngText[],
): Promise<boolean> {
  const png = await readFile(path);
  if (!isPng(png)) return false;
  await writeFile(path, insertPngText(png, entries));
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

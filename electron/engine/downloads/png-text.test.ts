import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { embedPngTextFile, genloomPngText, insertPngText, readPngText } from './png-text';

async function tinyPng(): Promise<Buffer> {
  return sharp({
    create: { width: 4, height: 3, channels: 3, background: { r: 200, g: 10, b: 10 } },
  })
    .png()
    .toBuffer();
}

describe('insertPngText', () => {
  it('adds tEXt for Latin-1 and iTXt for other UTF-8, and the PNG still decodes', async () => {
    const png = await tinyPng();
    const out = insertPngText(png, [
      { keyword: 'parameters', text: 'a red fox\nSteps: 20' },
      { keyword: 'genloom', text: '{"prompt":"一只红狐狸 🦊"}' },
    ]);
    const types = [] as string[];
    for (let at = 8; at < out.length;) {
      const len = out.readUInt32BE(at);
      types.push(out.toString('latin1', at + 4, at + 8));
      at += 12 + len;
    }
    expect(types[0]).toBe('IHDR');
    expect(types.indexOf('iTXt')).toBe(types.indexOf('tEXt') + 1);
    expect(types.indexOf('iTXt')).toBeLessThan(types.indexOf('IDAT'));
    expect(types.at(-1)).toBe('IEND');
    expect(readPngText(out)).toEqual([
      { keyword: 'parameters', text: 'a red fox\nSteps: 20' },
      { keyword: 'genloom', text: '{"prompt":"一只红狐狸 🦊"}' },
    ]);
    // sharp (libpng) verifies every chunk CRC: a wrong one fails the decode.
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 4, height: 3 });
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([200, 10, 10]);
    expect(meta.comments).toEqual([
      { keyword: 'parameters', text: 'a red fox\nSteps: 20' },
      { keyword: 'genloom', text: '{"prompt":"一只红狐狸 🦊"}' },
    ]);
  });

  it('replaces earlier chunks with the same keyword instead of piling them up', async () => {
    const once = insertPngText(await tinyPng(), [{ keyword: 'parameters', text: 'old' }]);
    const twice = insertPngText(once, [{ keyword: 'parameters', text: 'new' }]);
    expect(readPngText(twice)).toEqual([{ keyword: 'parameters', text: 'new' }]);
  });

  it('refuses a file that is not a PNG and a bad keyword', async () => {
    expect(() => insertPngText(Buffer.from('GIF89a....'), [])).toThrow(/Not a PNG/);
    const png = await tinyPng();
    expect(() => insertPngText(png, [{ keyword: '', text: 'x' }])).toThrow(/keyword/);
    const cut = (await tinyPng()).subarray(0, 40);
    expect(() => insertPngText(cut, [])).toThrow(/runs past the end|no IEND/);
  });
});

describe('embedPngTextFile and genloomPngText', () => {
  it('rewrites a PNG in place and leaves other files alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genloom-png-'));
    try {
      const png = join(dir, 'a.png');
      writeFileSync(png, await tinyPng());
      const entries = genloomPngText({
        prompt: 'café au lait',
        params: { prompt: 'café au lait', size: '1:1', n: 2 },
        provider: 'poyo',
        model: 'seedream',
        seed: 7,
      });
      expect(await embedPngTextFile(png, entries)).toBe(true);
      const text = readPngText(readFileSync(png));
      expect(text[0]).toEqual({
        keyword: 'parameters',
        text: 'café au lait\nModel: poyo/seedream, Seed: 7, size: 1:1, n: 2',
      });
      expect(JSON.parse(text[1]?.text ?? '')).toMatchObject({ prompt: 'café au lait', seed: 7 });
      const mp4 = join(dir, 'b.mp4');
      writeFileSync(mp4, 'not a png');
      expect(await embedPngTextFile(mp4, entries)).toBe(false);
      expect(readFileSync(mp4, 'utf8')).toBe('not a png');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

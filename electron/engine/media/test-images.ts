/** Sample images for tests, generated with sharp into a temp folder (no binary fixtures). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

export interface SampleImages {
  dir: string;
  /** 640x480 opaque PNG (3 channels). */
  png: string;
  /** 640x480 PNG with an alpha channel. */
  pngAlpha: string;
  /** 800x600 JPEG. */
  jpeg: string;
  /** Same pixels as `jpeg`, another name: the upload cache must see the same content. */
  jpegCopy: string;
  /** 100x100 PNG: under a 240 px minimum. */
  tiny: string;
  /** 2000x200 PNG: ratio 10:1. */
  wide: string;
  /** 300x300 GIF. */
  gif: string;
  /** 320x240 24-bit BMP, written by hand (sharp cannot write BMP). */
  bmp: string;
  /** A text file with an image extension. */
  notImage: string;
  /** The first half of a real PNG: a valid header, pixel data cut off. */
  truncatedPng: string;
  /** The first half of a real JPEG. */
  truncatedJpeg: string;
  /** A BMP whose header promises more pixel rows than the file holds. */
  truncatedBmp: string;
  cleanup(): Promise<void>;
}

function solid(width: number, height: number, channels: 3 | 4): Sharp {
  const background =
    channels === 4 ? { r: 10, g: 120, b: 200, alpha: 0.5 } : { r: 200, g: 80, b: 20 };
  return sharp({ create: { width, height, channels, background } });
}

function bmp24(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + row * height;
  const buf = Buffer.alloc(size);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(size, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(row * height, 34);
  return buf;
}

export async function makeSampleImages(): Promise<SampleImages> {
  const dir = await mkdtemp(join(tmpdir(), 'genloom-img-'));
  const p = (name: string): string => join(dir, name);
  const jpegBytes = await solid(800, 600, 3).jpeg().toBuffer();
  const pngBytes = await solid(640, 480, 3).png().toBuffer();
  const half = (bytes: Buffer): Buffer => bytes.subarray(0, Math.floor(bytes.length / 2));
  await Promise.all([
    solid(640, 480, 3).png().toFile(p('photo.png')),
    solid(640, 480, 4).png().toFile(p('alpha.png')),
    writeFile(p('photo.jpg'), jpegBytes),
    writeFile(p('copy of photo.jpg'), jpegBytes),
    solid(100, 100, 3).png().toFile(p('tiny.png')),
    solid(2000, 200, 3).png().toFile(p('wide.png')),
    solid(300, 300, 3).gif().toFile(p('anim.gif')),
    writeFile(p('scan.bmp'), bmp24(320, 240)),
    writeFile(p('notes.png'), 'this is not an image\n'),
    writeFile(p('cut.png'), half(pngBytes)),
    writeFile(p('cut.jpg'), half(jpegBytes)),
    writeFile(p('cut.bmp'), half(bmp24(320, 240))),
  ]);
  return {
    dir,
    png: p('photo.png'),
    pngAlpha: p('alpha.png'),
    jpeg: p('photo.jpg'),
    jpegCopy: p('copy of photo.jpg'),
    tiny: p('tiny.png'),
    wide: p('wide.png'),
    gif: p('anim.gif'),
    bmp: p('scan.bmp'),
    notImage: p('notes.png'),
    truncatedPng: p('cut.png'),
    truncatedJpeg: p('cut.jpg'),
    truncatedBmp: p('cut.bmp'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

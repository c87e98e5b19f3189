import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { NormalisedRequest } from './check';
import { renderPng, renderVideo, scaledSize } from './media';

const IMAGE: NormalisedRequest = {
  model: 'wan-2.7-image',
  prompt: 'A wide editorial fashion scene',
  kind: 'image',
  count: 2,
  width: 1280,
  height: 720,
  imageRefs: [],
  seed: 5,
  durationSec: 0,
};

interface Box {
  type: string;
  start: number;
  end: number;
}

/** Top-level or child boxes of an ISO-BMFF buffer range. */
function boxes(buf: Buffer, start = 0, end = buf.length): Box[] {
  const out: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    const size = buf.readUInt32BE(pos);
    if (size < 8 || pos + size > end) throw new Error(`bad box size ${size} at ${pos}`);
    out.push({ type: buf.toString('latin1', pos + 4, pos + 8), start: pos, end: pos + size });
    pos += size;
  }
  expect(pos).toBe(end);
  return out;
}

function child(buf: Buffer, parent: Box, type: string, skip = 0): Box {
  const found = boxes(buf, parent.start + 8 + skip, parent.end).find((b) => b.type === type);
  if (!found) throw new Error(`no ${type} in ${parent.type}`);
  return found;
}

describe('simulated media', () => {
  it('draws PNGs at the requested aspect ratio, long side capped, different per index', async () => {
    const a = await renderPng(IMAGE, 0, 512);
    const b = await renderPng(IMAGE, 1, 512);
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 288]);
    expect(a.equals(b)).toBe(false);
    expect((await renderPng(IMAGE, 0, 512)).equals(a)).toBe(true);
    expect(scaledSize(300, 200, 512)).toEqual({ width: 300, height: 200 });
    expect(scaledSize(576, 1024, 512)).toEqual({ width: 288, height: 512 });
  });

  it('builds a well-formed MP4: ftyp, moov with an avc1 track, one sample per frame in mdat', async () => {
    const mp4 = await renderVideo({
      ...IMAGE,
      model: 'wan2.5-image-to-video',
      kind: 'video',
      durationSec: 5,
    });
    const top = boxes(mp4);
    expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(mp4.toString('latin1', 8, 12)).toBe('isom');
    const [, moov, mdat] = top as [Box, Box, Box];
    const trak = child(mp4, moov, 'trak');
    const mdia = child(mp4, trak, 'mdia');
    const mdhd = child(mp4, mdia, 'mdhd');
    const timescale = mp4.readUInt32BE(mdhd.start + 20);
    const duration = mp4.readUInt32BE(mdhd.start + 24);
    expect(duration / timescale).toBe(5);
    const stbl = child(mp4, child(mp4, mdia, 'minf'), 'stbl');
    const stsd = child(mp4, stbl, 'stsd');
    const avc1 = child(mp4, stsd, 'avc1', 8);
    expect(mp4.readUInt16BE(avc1.start + 32)).toBe(192); // width
    expect(mp4.readUInt16BE(avc1.start + 34)).toBe(108); // height
    const avcC = child(mp4, avc1, 'avcC', 78);
    expect(mp4[avcC.start + 9]).toBe(66); // Baseline profile
    const stsz = child(mp4, stbl, 'stsz');
    const count = mp4.readUInt32BE(stsz.start + 16);
    expect(count).toBe(10); // 5 s at 2 fps
    let total = 0;
    for (let i = 0; i < count; i += 1) total += mp4.readUInt32BE(stsz.start + 20 + 4 * i);
    expect(total).toBe(mdat.end - mdat.start - 8);
    const stco = child(mp4, stbl, 'stco');
    expect(mp4.readUInt32BE(stco.start + 16)).toBe(mdat.start + 8);
    // The first sample is a length-prefixed IDR NAL unit (type 5).
    expect((mp4[mdat.start + 12] ?? 0) & 0x1f).toBe(5);
  });
});

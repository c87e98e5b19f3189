import type { H264Stream } from './h264';

/** An ISO-BMFF box: 32-bit size, four-character type, payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, vf, ...payload);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function u16(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
  return b;
}

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
const TIMESCALE = 1000;

export interface Mp4Video extends H264Stream {
  width: number;
  height: number;
  fps: number;
}

/** A progressive MP4 (moov before mdat) holding one H.264 video track. */
export function muxMp4(v: Mp4Video): Buffer {
  const delta = Math.round(TIMESCALE / v.fps);
  const duration = delta * v.samples.length;
  const samples = v.samples.map((s) => Buffer.concat([u32(s.length), s]));

  const ftyp = box('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41'));
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0, 0, TIMESCALE, duration, 0x00010000),
    u16(0x0100, 0),
    u32(0, 0),
    MATRIX,
    Buffer.alloc(24),
    u32(2),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3, // enabled, in movie
    u32(0, 0, 1, 0, duration, 0, 0),
    u16(0, 0, 0, 0),
    MATRIX,
    u32(v.width << 16, v.height << 16),
  );
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, TIMESCALE, duration), u16(0x55c4, 0)); // 'und'
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    Buffer.from('vide'),
    u32(0, 0, 0),
    Buffer.from('VideoHandler\0'),
  );
  const vmhd = fullBox('vmhd', 0, 1, u16(0, 0, 0, 0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const avcC = box(
    'avcC',
    Buffer.from([1, v.sps[1] ?? 66, v.sps[2] ?? 0, v.sps[3] ?? 30, 0xff, 0xe1]),
    u16(v.sps.length),
    v.sps,
    Buffer.from([1]),
    u16(v.pps.length),
    v.pps,
  );
  const compressor = Buffer.alloc(32);
  const avc1 = box(
    'avc1',
    Buffer.alloc(6),
    u16(1), // data_reference_index
    Buffer.alloc(16),
    u16(v.width, v.height),
    u32(0x00480000, 0x00480000, 0),
    u16(1), // frame_count
    compressor,
    u16(0x0018, 0xffff),
    avcC,
  );
  const stsd = fullBox('stsd', 0, 0, u32(1), avc1);
  const stts = fullBox('stts', 0, 0, u32(1, samples.length, delta));
  const stss = fullBox('stss', 0, 0, u32(1, 1));
  const stsc = fullBox('stsc', 0, 0, u32(1, 1, samples.length, 1));
  const stsz = fullBox('stsz', 0, 0, u32(0, samples.length, ...samples.map((s) => s.length)));
  // stco needs the mdat offset, which depends on the moov size: build with 0, then patch.
  const build = (offset: number) => {
    const stco = fullBox('stco', 0, 0, u32(1, offset));
    const stbl = box('stbl', stsd, stts, stss, stsc, stsz, stco);
    const minf = box('minf', vmhd, dinf, stbl);
    const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
    return box('moov', mvhd, trak);
  };
  const moovSize = build(0).length;
  const moov = build(ftyp.length + moovSize + 8);
  return Buffer.concat([ftyp, moov, box('mdat', ...samples)]);
}

/**
 * Decodes an image in full once, before money moves: a header can be whole while the pixel
 * data behind it is cut off or corrupt, and a provider bills for the request either way.
 */
import sharp from 'sharp';

/** sharp's own ceiling on pixels; a larger image is refused instead of decoded. */
export const MAX_DECODE_PIXELS = 268_402_689;

const TRUNCATED = 'truncated or corrupt image data';

/**
 * BMP: sharp's prebuilt libvips cannot read it, so the pixel rows the header promises are
 * counted against the bytes present (uncompressed and bit-field BMPs, what encoders write).
 */
function bmpIssue(bytes: Buffer, label: string): string | null {
  if (bytes.length < 34) return `${label}: ${TRUNCATED} (the BMP header is cut off)`;
  const offset = bytes.readUInt32LE(10);
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  const bitsPerPixel = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  // 0 = BI_RGB, 3 = BI_BITFIELDS, 6 = BI_ALPHABITFIELDS: plain rows. RLE and embedded
  // JPEG/PNG cannot be checked here.
  if (![0, 3, 6].includes(compression)) {
    return `${label}: a compressed BMP cannot be checked; save it as an uncompressed BMP, PNG or JPEG`;
  }
  if (width <= 0 || height === 0 || ![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) {
    return `${label}: ${TRUNCATED} (the BMP header is invalid)`;
  }
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (offset + stride * height > bytes.length) {
    return `${label}: ${TRUNCATED} (the file ends before its pixel rows)`;
  }
  return null;
}

/**
 * Contents (by sha256) that decoded in full in this process. Submit reads every file again
 * (it may have changed since planning); the same bytes need not be decoded twice.
 */
const decodedOk = new Set<string>();
const MAX_REMEMBERED = 10_000;

/**
 * Null when every pixel decodes; otherwise an issue naming the file and the rule. `sha256`
 * (of `bytes`) lets a content already decoded in full skip a second decode.
 */
export async function decodeIssue(
  bytes: Buffer,
  format: string,
  size: { width: number; height: number },
  label: string,
  sha256?: string,
): Promise<string | null> {
  if (sha256 !== undefined && decodedOk.has(`${format}:${sha256}`)) return null;
  const issue = await decodeOnce(bytes, format, size, label);
  if (issue === null && sha256 !== undefined) {
    if (decodedOk.size >= MAX_REMEMBERED) decodedOk.clear();
    decodedOk.add(`${format}:${sha256}`);
  }
  return issue;
}

async function decodeOnce(
  bytes: Buffer,
  format: string,
  size: { width: number; height: number },
  label: string,
): Promise<string | null> {
  if (format === 'bmp') return bmpIssue(bytes, label);
  const pixels = size.width * size.height;
  if (pixels > MAX_DECODE_PIXELS) {
    return `${label}: is ${size.width}x${size.height} px; at most ${Math.floor(MAX_DECODE_PIXELS / 1e6)} megapixels can be checked`;
  }
  try {
    // failOn 'warning' (the strictest): libjpeg reports corrupt data as a warning and goes on.
    // stats() walks every pixel without keeping a decoded copy in memory.
    await sharp(bytes, {
      failOn: 'warning',
      limitInputPixels: MAX_DECODE_PIXELS,
      sequentialRead: true,
    }).stats();
    return null;
  } catch {
    return `${label}: ${TRUNCATED} (decode failed)`;
  }
}

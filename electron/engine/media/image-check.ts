/**
 * Checks a local image against a model's documented limits before anything is uploaded or
 * submitted, and says which file breaks which rule.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageLimits } from '../../../shared/catalog/types';
import type { LocalImage } from '../providers/types';

export type ImageFormat = ImageLimits['formats'][number];

export type ImageCheck =
  | {
      ok: true;
      image: LocalImage;
      width: number;
      height: number;
      format: ImageFormat;
      hasAlpha: boolean;
    }
  | { ok: false; issues: string[] };

export const MIME: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  bmp: 'image/bmp',
  gif: 'image/gif',
};

interface Probe {
  format: string;
  width: number;
  height: number;
  hasAlpha: boolean;
}

/** BMP header (sharp's prebuilt libvips cannot read BMP, APIXO accepts it). */
function probeBmp(bytes: Buffer): Probe | undefined {
  if (bytes.length < 30 || bytes.toString('latin1', 0, 2) !== 'BM') return undefined;
  const headerSize = bytes.readUInt32LE(14);
  if (headerSize < 40) return undefined;
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  const bitsPerPixel = bytes.readUInt16LE(28);
  return { format: 'bmp', width, height, hasAlpha: bitsPerPixel === 32 };
}

async function probe(bytes: Buffer): Promise<Probe | undefined> {
  const bmp = probeBmp(bytes);
  if (bmp) return bmp;
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.format || !meta.width || !meta.height) return undefined;
    // JPEG marks orientation in EXIF; the provider sees the rotated picture.
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      format: String(meta.format),
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      hasAlpha: meta.hasAlpha === true,
    };
  } catch {
    return undefined;
  }
}

function megabytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function ratioText(ratio: number): string {
  return `${Number(ratio.toFixed(2))}:1`;
}

/** Checks bytes already in memory (a decoded data URL); `label` names the file in issues. */
export async function checkImageBytes(
  bytes: Buffer,
  label: string,
  limits: ImageLimits,
  path: string = label,
): Promise<ImageCheck> {
  const info = await probe(bytes);
  if (!info) {
    return {
      ok: false,
      issues: [`${label}: is not an image Genloom can read (accepted: ${formatList(limits)})`],
    };
  }
  const issues: string[] = [];
  const format = info.format as ImageFormat;
  if (!(limits.formats as readonly string[]).includes(info.format)) {
    issues.push(
      `${label}: format ${info.format.toUpperCase()} is not accepted (accepted: ${formatList(limits)})`,
    );
  }
  const { width, height } = info;
  const size = `${width}x${height} px`;
  if (limits.minSide !== undefined && Math.min(width, height) < limits.minSide) {
    issues.push(`${label}: is ${size}; each side must be at least ${limits.minSide} px`);
  }
  if (limits.maxSide !== undefined && Math.max(width, height) > limits.maxSide) {
    issues.push(`${label}: is ${size}; each side must be at most ${limits.maxSide} px`);
  }
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (limits.maxAspectRatio !== undefined && ratio > limits.maxAspectRatio) {
    issues.push(
      `${label}: has aspect ratio ${ratioText(ratio)}; at most ${limits.maxAspectRatio}:1 (or 1:${limits.maxAspectRatio}) is accepted`,
    );
  }
  if (limits.maxBytes !== undefined && bytes.length > limits.maxBytes) {
    issues.push(
      `${label}: is ${megabytes(bytes.length)}; at most ${megabytes(limits.maxBytes)} is accepted`,
    );
  }
  if (!limits.alphaAllowed && info.hasAlpha) {
    issues.push(
      `${label}: has an alpha channel (transparency), which this model refuses; save it without transparency or as JPEG`,
    );
  }
  if (issues.length > 0) return { ok: false, issues };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    ok: true,
    image: { path, bytes, mime: MIME[format], sha256 },
    width,
    height,
    format,
    hasAlpha: info.hasAlpha,
  };
}

/** Reads and checks one local file. Issues name the file as given and the rule it breaks. */
export async function checkImage(
  path: string,
  limits: ImageLimits,
  label: string = path,
): Promise<ImageCheck> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, not an image file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${String(code ?? err)})`;
    return { ok: false, issues: [`${label}: ${why}`] };
  }
  return checkImageBytes(bytes, label, limits, path);
}

function formatList(limits: ImageLimits): string {
  return limits.formats.map((f) => f.toUpperCase()).join(', ');
}

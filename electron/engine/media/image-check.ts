/**
 * Checks a local image against a model's documented limits before anything is uploaded or
 * submitted, and says which file breaks which rule.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ImageLimits } from '../../../shared/catalog/types';
import type { LocalImage } from '../providers/types';
import { decodeIssue } from './decode';
import {
  checkLocalFile,
  MAX_LOCAL_MEDIA_BYTES,
  readLocalFile,
  readLocalPrefix,
  tooLarge,
} from './local-file';

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

/** Enough of a file to read an image header when the whole file is too large to read. */
const HEADER_BYTES = 256 * 1024;

function ratioText(ratio: number): string {
  return `${Number(ratio.toFixed(2))}:1`;
}

function notAnImage(label: string, limits: ImageLimits): string {
  return `${label}: is not an image Genloom can read (accepted: ${formatList(limits)})`;
}

/** The model's rules that the header and the file size decide. */
function ruleIssues(info: Probe, bytes: number, label: string, limits: ImageLimits): string[] {
  const issues: string[] = [];
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
  if (limits.maxBytes !== undefined && bytes > limits.maxBytes) {
    issues.push(tooLarge(label, bytes, limits.maxBytes));
  }
  if (!limits.alphaAllowed && info.hasAlpha) {
    issues.push(
      `${label}: has an alpha channel (transparency), which this model refuses; save it without transparency or as JPEG`,
    );
  }
  return issues;
}

/**
 * Checks bytes already in memory (a file read by checkImage, a decoded data URL): the header
 * against the model's rules, then every pixel decoded once. `label` names the file in issues.
 */
export async function checkImageBytes(
  bytes: Buffer,
  label: string,
  limits: ImageLimits,
  path: string = label,
): Promise<ImageCheck> {
  const info = await probe(bytes);
  if (!info) return { ok: false, issues: [notAnImage(label, limits)] };
  const issues = ruleIssues(info, bytes.length, label, limits);
  if (issues.length > 0) return { ok: false, issues };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const broken = await decodeIssue(bytes, info.format, info, label, sha256);
  if (broken !== null) return { ok: false, issues: [broken] };
  const format = info.format as ImageFormat;
  return {
    ok: true,
    image: { path, bytes, mime: MIME[format], sha256 },
    width: info.width,
    height: info.height,
    format,
    hasAlpha: info.hasAlpha,
  };
}

/**
 * Reads and checks one local file. It must be a regular file (a symlink to one is followed),
 * no larger than the model's cap (checked before reading; the read itself is bounded), and
 * decode in full. Issues name the file as given and the rule it breaks.
 */
export async function checkImage(
  path: string,
  limits: ImageLimits,
  label: string = path,
): Promise<ImageCheck> {
  const cap = limits.maxBytes ?? MAX_LOCAL_MEDIA_BYTES;
  const file = await checkLocalFile(path, label);
  if (!file.ok) return { ok: false, issues: [file.issue] };
  if (file.size <= cap) {
    const read = await readLocalFile(path, { maxBytes: cap, label });
    if (!read.ok) return { ok: false, issues: [read.issue] };
    return checkImageBytes(read.bytes, label, limits, path);
  }
  // Too large to read: its header still says which other rules it breaks, so all are fixed
  // in one go. Only the first bytes are read.
  const head = await readLocalPrefix(path, HEADER_BYTES, label);
  if (!head.ok) return { ok: false, issues: [head.issue] };
  const info = await probe(head.bytes);
  const capped = { ...limits, maxBytes: cap };
  if (!info) return { ok: false, issues: [tooLarge(label, file.size, cap)] };
  return { ok: false, issues: ruleIssues(info, file.size, label, capped) };
}

function formatList(limits: ImageLimits): string {
  return limits.formats.map((f) => f.toUpperCase()).join(', ');
}

// files.scan: dropped or picked folders and files expanded into images, each with its size,
// dimensions and the chosen model's limit check, so the form shows what will be refused
// before anything is submitted. Nothing here opens a file before its type is known (a FIFO
// named x.png would block a thread for good), a disk root or system folder is never walked
// (nor offered to the window as a root), and a tree is walked only as far as the cap.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { findModel } from '../../../shared/catalog/index';
import type { ImageLimits } from '../../../shared/catalog/types';
import type { ScannedFile } from '../../../shared/ipc/views';
import { isSystemFolder } from '../media-guard';
import { checkImage } from '../media/image-check';
import { checkLocalFile, readLocalPrefix } from '../media/local-file';
import { limitsFor } from '../media/resolve-inputs';
import { IMAGE_EXTENSIONS } from '../runner/inputs';
import type { ScannedInput } from '../runner/inputs';
import { isImageName, walkImages } from '../runner/walk-images';

/** One scan lists at most this many images; the rest is reported as truncated. */
export const MAX_SCANNED_FILES = 5000;

/** Enough of a file for any image header (JPEG EXIF included). */
const HEADER_BYTES = 256 * 1024;

const SYSTEM_FOLDER =
  'is a system folder or the root of a disk; choose the folder that holds your images';
const SYSTEM_FILE = 'is in a system folder; only images in your own folders can be used';
const NOT_REGULAR = 'not a regular file';

export interface ScanRequest {
  paths: string[];
  recursive: boolean;
  provider?: string;
  model?: string;
}

export interface ScanOptions {
  /** The cap (tests use a small one); MAX_SCANNED_FILES by default. */
  maxFiles?: number;
}

export interface ScanResult {
  files: ScannedFile[];
  skipped: { path: string; reason: string }[];
  truncated: boolean;
  /** Folders and files the user chose: their images may be shown. */
  roots: string[];
}

interface Header {
  width: number | null;
  height: number | null;
  format: string | null;
  hasAlpha: boolean | null;
}

const NO_HEADER: Header = { width: null, height: null, format: null, hasAlpha: null };

/** Size and format from the first bytes, read type-first and bounded (never `sharp(path)`). */
async function readHeader(file: string): Promise<Header> {
  const head = await readLocalPrefix(file, HEADER_BYTES);
  if (!head.ok) return NO_HEADER;
  try {
    const meta = await sharp(head.bytes).metadata();
    return {
      width: meta.width ?? null,
      height: meta.height ?? null,
      format: meta.format ?? null,
      hasAlpha: meta.hasAlpha ?? null,
    };
  } catch {
    // Not readable by sharp (BMP, a broken file): the limit check says what is wrong.
    return NO_HEADER;
  }
}

async function describe(item: ScannedInput, limits: ImageLimits | null): Promise<ScannedFile> {
  const { path: file, relPath, bytes } = item;
  if (limits) {
    const checked = await checkImage(file, limits, relPath);
    if (checked.ok) {
      const { width, height, format, hasAlpha } = checked;
      return { path: file, relPath, bytes, width, height, format, hasAlpha, issues: [] };
    }
    return { path: file, relPath, bytes, ...(await readHeader(file)), issues: checked.issues };
  }
  return { path: file, relPath, bytes, ...(await readHeader(file)), issues: [] };
}

/** True when the path, or where its links lead, is a disk root or a system folder. */
async function isSystemPath(full: string): Promise<boolean> {
  if (isSystemFolder(full)) return true;
  const real = await realpath(full).catch(() => full);
  return isSystemFolder(real);
}

export async function scanPaths(request: ScanRequest, opts: ScanOptions = {}): Promise<ScanResult> {
  const cap = opts.maxFiles ?? MAX_SCANNED_FILES;
  const entry =
    request.provider && request.model ? findModel(request.provider, request.model) : undefined;
  const limits = entry ? limitsFor(entry) : null;
  // One more than the cap is enough to know the scan is truncated.
  const found: ScannedInput[] = [];
  const skipped: ScanResult['skipped'] = [];
  const roots: string[] = [];
  for (const raw of request.paths) {
    if (!path.isAbsolute(raw)) {
      skipped.push({ path: raw, reason: 'must be an absolute path' });
      continue;
    }
    if (found.length > cap) {
      skipped.push({ path: raw, reason: `not scanned: the scan already holds ${cap} images` });
      continue;
    }
    const full = path.resolve(raw);
    const info = await stat(full).catch(() => null);
    if (info === null) {
      skipped.push({ path: raw, reason: 'does not exist' });
    } else if (info.isDirectory()) {
      if (await isSystemPath(full)) {
        skipped.push({ path: raw, reason: SYSTEM_FOLDER });
        continue;
      }
      const walked = await walkImages(full, request.recursive, cap + 1 - found.length).catch(
        () => null,
      );
      if (walked === null) {
        skipped.push({ path: raw, reason: 'this folder cannot be read' });
        continue;
      }
      roots.push(full);
      skipped.push(...walked.unreadable);
      const prefix = path.basename(full);
      for (const item of walked.files)
        found.push({ ...item, relPath: `${prefix}/${item.relPath}` });
    } else if (!isImageName(full)) {
      skipped.push({ path: raw, reason: `is not an image (${IMAGE_EXTENSIONS.join(', ')})` });
    } else if (await isSystemPath(full)) {
      skipped.push({ path: raw, reason: SYSTEM_FILE });
    } else {
      // Checked again without following a swap: a FIFO or device is refused by its type.
      const file = await checkLocalFile(full, 'this file');
      if (!info.isFile() || !file.ok) {
        skipped.push({ path: raw, reason: info.isFile() && !file.ok ? file.issue : NOT_REGULAR });
        continue;
      }
      roots.push(full);
      found.push({ path: full, relPath: path.basename(full), bytes: file.size });
    }
  }
  const truncated = found.length > cap;
  const files: ScannedFile[] = [];
  for (const item of found.slice(0, cap)) files.push(await describe(item, limits));
  return { files, skipped, truncated, roots };
}

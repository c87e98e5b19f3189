// files.scan: dropped or picked folders and files expanded into images, each with its size,
// dimensions and the chosen model's limit check, so the form shows what will be refused
// before anything is submitted.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { findModel } from '../../../shared/catalog/index';
import type { ImageLimits } from '../../../shared/catalog/types';
import type { ScannedFile } from '../../../shared/ipc/views';
import { checkImage } from '../media/image-check';
import { limitsFor } from '../media/resolve-inputs';
import { IMAGE_EXTENSIONS, scanFolder } from '../runner/inputs';

/** One scan lists at most this many images; the rest is reported as truncated. */
export const MAX_SCANNED_FILES = 5000;

export interface ScanRequest {
  paths: string[];
  recursive: boolean;
  provider?: string;
  model?: string;
}

export interface ScanResult {
  files: ScannedFile[];
  skipped: { path: string; reason: string }[];
  truncated: boolean;
  /** Folders and files the user chose: their images may be shown. */
  roots: string[];
}

async function describe(
  file: string,
  relPath: string,
  bytes: number,
  limits: ImageLimits | null,
): Promise<ScannedFile> {
  let width: number | null = null;
  let height: number | null = null;
  let format: string | null = null;
  let hasAlpha: boolean | null = null;
  try {
    const meta = await sharp(file).metadata();
    width = meta.width ?? null;
    height = meta.height ?? null;
    format = meta.format ?? null;
    hasAlpha = meta.hasAlpha ?? null;
  } catch {
    // Not readable by sharp (BMP, a broken file): the limit check below says what is wrong.
  }
  let issues: string[] = [];
  if (limits) {
    const checked = await checkImage(file, limits, relPath);
    if (checked.ok) {
      ({ width, height, format, hasAlpha } = checked);
    } else {
      issues = checked.issues;
    }
  }
  return { path: file, relPath, bytes, width, height, format, hasAlpha, issues };
}

export async function scanPaths(request: ScanRequest): Promise<ScanResult> {
  const entry =
    request.provider && request.model ? findModel(request.provider, request.model) : undefined;
  const limits = entry ? limitsFor(entry) : null;
  const found: { path: string; relPath: string; bytes: number }[] = [];
  const skipped: ScanResult['skipped'] = [];
  const roots: string[] = [];
  for (const raw of request.paths) {
    const full = path.resolve(raw);
    if (!path.isAbsolute(raw)) {
      skipped.push({ path: raw, reason: 'must be an absolute path' });
      continue;
    }
    const info = await stat(full).catch(() => null);
    if (info === null) {
      skipped.push({ path: raw, reason: 'does not exist' });
    } else if (info.isDirectory()) {
      const listed = await scanFolder(full, request.recursive).catch(() => null);
      if (listed === null || !listed.ok) {
        skipped.push({ path: raw, reason: listed?.message ?? 'cannot be read' });
        continue;
      }
      roots.push(full);
      const prefix = path.basename(full);
      for (const item of listed.value)
        found.push({ ...item, relPath: `${prefix}/${item.relPath}` });
    } else if ((IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(full).toLowerCase())) {
      roots.push(full);
      found.push({ path: full, relPath: path.basename(full), bytes: info.size });
    } else {
      skipped.push({ path: raw, reason: `is not an image (${IMAGE_EXTENSIONS.join(', ')})` });
    }
  }
  const truncated = found.length > MAX_SCANNED_FILES;
  const files: ScannedFile[] = [];
  for (const item of found.slice(0, MAX_SCANNED_FILES)) {
    files.push(await describe(item.path, item.relPath, item.bytes, limits));
  }
  return { files, skipped, truncated, roots };
}

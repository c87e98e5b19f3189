// Input images for a batch: a folder walked recursively in a stable order, or a list of files;
// each with a forward-slash path relative to its root (for {input} and mirrored subfolders),
// its size and sha256 (lineage, upload cache).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { walkImages } from './walk-images';
import type { ScannedInput } from './walk-images';

export { IMAGE_EXTENSIONS, isImageName } from './walk-images';
export type { ScannedInput } from './walk-images';

export interface InputFile {
  path: string;
  relPath: string;
  bytes: number;
  sha256: string;
}

export type InputsResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Code-point order on the relative path, so the order is the same on every machine. */
function byRelPath(a: ScannedInput, b: ScannedInput): number {
  return a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0;
}

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/** Every image under `dir`. Hidden files and folders are skipped; folder links are not followed. */
export async function scanFolder(
  dir: string,
  recursive: boolean,
): Promise<InputsResult<ScannedInput[]>> {
  const root = path.resolve(dir);
  try {
    const info = await stat(root);
    if (!info.isDirectory()) return { ok: false, message: `${root} is not a folder` };
  } catch (err) {
    return {
      ok: false,
      message:
        errnoOf(err) === 'ENOENT' ? `the folder ${root} does not exist` : `cannot read ${root}`,
    };
  }
  let walked;
  try {
    walked = await walkImages(root, recursive, Number.POSITIVE_INFINITY);
  } catch {
    return { ok: false, message: `cannot read ${root}` };
  }
  // Planning never skips files silently: a subfolder it cannot list stops the batch.
  const [unreadable] = walked.unreadable;
  if (unreadable !== undefined) {
    return { ok: false, message: `${unreadable.path}: ${unreadable.reason}` };
  }
  return { ok: true, value: walked.files.sort(byRelPath) };
}

/** Files named one by one, relative to their deepest common folder. */
export async function scanFiles(files: readonly string[]): Promise<InputsResult<ScannedInput[]>> {
  const absolute = files.map((f) => path.resolve(f));
  const out: ScannedInput[] = [];
  for (const file of absolute) {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined) return { ok: false, message: `the file ${file} does not exist` };
    if (!info.isFile()) return { ok: false, message: `${file} is not a file` };
    out.push({ path: file, relPath: '', bytes: info.size });
  }
  const root = commonFolder(absolute);
  for (const item of out) {
    item.relPath = path.relative(root, item.path).split(path.sep).join('/');
  }
  return { ok: true, value: out };
}

export function commonFolder(files: readonly string[]): string {
  const first = files[0];
  if (first === undefined) return process.cwd();
  let common = path.dirname(first);
  for (const file of files.slice(1)) {
    while (
      path.relative(common, file).startsWith('..') ||
      path.isAbsolute(path.relative(common, file))
    ) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Hashes every distinct file, a few at a time (disks like some parallelism, not unbounded). */
export async function hashInputs(
  scanned: readonly ScannedInput[],
  parallel = 8,
): Promise<InputsResult<InputFile[]>> {
  const out: InputFile[] = new Array<InputFile>(scanned.length);
  let next = 0;
  let failure: string | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null) {
      const i = next++;
      const item = scanned[i];
      if (item === undefined) return;
      try {
        out[i] = { ...item, sha256: await sha256File(item.path) };
      } catch {
        failure = `cannot read ${item.path}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, scanned.length) }, worker));
  return failure === null ? { ok: true, value: out } : { ok: false, message: failure };
}

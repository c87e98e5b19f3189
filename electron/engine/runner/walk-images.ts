// The one folder walk for images: planning (runner/inputs) and the builder's scan
// (api/files-scan) both use it, so both see the same files in the same code-point order. It
// stops as soon as it holds `limit` files, so dropping a huge tree costs no more than the cap,
// and a folder that cannot be read is named instead of failing the whole walk.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ScannedInput {
  path: string;
  relPath: string;
  bytes: number;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.gif'] as const;

export interface WalkResult {
  files: ScannedInput[];
  /** Folders below the root that could not be listed, with why. */
  unreadable: { path: string; reason: string }[];
}

export function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/**
 * A folder sorts as `name/`: a depth-first walk in this order visits files in the order of
 * their full relative paths (`a.png` < `a/b.png` < `ab.png`), as planning sorts them.
 */
function sortKey(entry: Dirent): string {
  return entry.isDirectory() ? `${entry.name}/` : entry.name;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * Images under `root` (a folder), at most `limit` of them. Hidden files and folders are
 * skipped; folder links are not followed; a link named like an image counts only when it
 * ends at a regular file. The root itself must be listable (its error is thrown).
 */
export async function walkImages(
  root: string,
  recursive: boolean,
  limit: number,
): Promise<WalkResult> {
  const files: ScannedInput[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      if (folder === root) throw err;
      unreadable.push({ path: folder, reason: `this folder cannot be read (${codeOf(err)})` });
      return;
    }
    const sorted = entries
      .filter((e) => !e.name.startsWith('.'))
      .map((entry) => ({ entry, key: sortKey(entry) }))
      .sort(byKey);
    for (const { entry } of sorted) {
      if (files.length >= limit) return;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isImageName(entry.name)) {
        const info = await stat(full).catch(() => undefined);
        if (info === undefined || !info.isFile()) continue;
        const relPath = path.relative(root, full).split(path.sep).join('/');
        files.push({ path: full, relPath, bytes: info.size });
      }
    }
  };
  await walk(root);
  return { files, unreadable };
}

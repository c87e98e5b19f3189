// Which local files the window may show. Only images and videos inside Genloom's own folders
// (the inputs the user chose, the output folders) are served; a path with `..`, a relative
// path, or a symlink whose target lies outside those folders is refused. Both the desktop
// protocol (genloom-media://) and the bridge's /media/ route ask this module.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
};

export type MediaCheck =
  | { ok: true; path: string; contentType: string; bytes: number }
  | {
      ok: false;
      code: 'bad_path' | 'outside' | 'not_found' | 'not_media';
      message: string;
    };

export interface MediaGuard {
  /** Adds a folder (or a single file) the window may show files from. */
  allow(root: string): void;
  roots(): string[];
  check(requested: unknown): Promise<MediaCheck>;
}

function refuse(code: Exclude<MediaCheck, { ok: true }>['code'], message: string): MediaCheck {
  return { ok: false, code, message };
}

/** True when `child` is `root` itself or lies below it (both already real paths). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function createMediaGuard(initialRoots: readonly string[] = []): MediaGuard {
  const roots = new Set<string>();
  const allow = (root: string): void => {
    if (typeof root === 'string' && root !== '' && path.isAbsolute(root)) {
      roots.add(path.resolve(root));
    }
  };
  initialRoots.forEach(allow);

  return {
    allow,
    roots: () => [...roots],
    async check(requested) {
      if (typeof requested !== 'string' || requested === '' || requested.includes('\0')) {
        return refuse('bad_path', 'the media path must be a non-empty path');
      }
      if (!path.isAbsolute(requested)) {
        return refuse('bad_path', 'the media path must be absolute');
      }
      // Refuse `..` outright, even where it would land inside: nobody builds such URLs honestly.
      if (requested.split(/[\\/]+/).includes('..')) {
        return refuse('bad_path', 'the media path must not contain ".."');
      }
      const type = MEDIA_TYPES[path.extname(requested).toLowerCase()];
      if (type === undefined) {
        return refuse('not_media', 'only images and videos can be shown');
      }
      let real: string;
      try {
        real = await realpath(requested);
      } catch {
        return refuse('not_found', 'the file does not exist');
      }
      // The real target decides: a symlink inside a root pointing elsewhere is refused.
      if (MEDIA_TYPES[path.extname(real).toLowerCase()] === undefined) {
        return refuse('not_media', 'only images and videos can be shown');
      }
      let inside = false;
      for (const root of roots) {
        const realRoot = await realpath(root).catch(() => null);
        if (realRoot !== null && isInside(realRoot, real)) {
          inside = true;
          break;
        }
      }
      if (!inside) {
        return refuse('outside', "the file is outside Genloom's input and output folders");
      }
      const info = await stat(real).catch(() => null);
      if (info === null || !info.isFile()) return refuse('not_found', 'the path is not a file');
      return { ok: true, path: real, contentType: type, bytes: info.size };
    },
  };
}

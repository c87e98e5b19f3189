// Which local files the window may show. Only images and videos inside Genloom's own folders
// (the inputs the user chose, the output folders) are served; a path with `..`, a relative
// path, or a symlink whose target lies outside those folders is refused. Both the desktop
// protocol (genloom-media://) and the bridge's /media/ route ask this module.
// A filesystem root or a system folder is never a root (issue 9, finding 13): scanning `/`
// must not open the whole disk to the window.
import { realpathSync } from 'node:fs';
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
  /**
   * Adds a folder (or a single file) the window may show files from. False when refused: not
   * an absolute path, or a filesystem root or system folder (also when reached by a link).
   */
  allow(root: string): boolean;
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

type PathApi = Pick<typeof path, 'resolve' | 'parse' | 'relative' | 'isAbsolute' | 'sep'>;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

// Lower case: macOS and Windows compare names without case.
/** Nothing below these is ever media the user chose (kernel views, devices, programs). */
const POSIX_TREES = words(`
  /proc /sys /dev /run /etc /boot /bin /sbin /lib /lib32 /lib64 /libx32
  /usr/bin /usr/sbin /usr/lib /system /private/etc`);
/** Folders that hold everyone's files, or the system's: refused themselves, not what is below. */
const POSIX_FOLDERS = words(`
  /usr /usr/local /usr/share /var /var/tmp /home /opt /srv /mnt /media /tmp /snap
  /users /volumes /library /applications /private /private/var /private/tmp`);
const WINDOWS_TREES = ['windows'];
const WINDOWS_FOLDERS = ['program files', 'program files (x86)', 'programdata', 'users'];

/**
 * True for a filesystem root (`/`, `C:\`, `\\server\share`) and for system folders: what no
 * user picks as a folder of images, and what would open far more than they chose.
 */
export function isSystemFolder(folder: string, api: PathApi = path): boolean {
  const resolved = api.resolve(folder);
  const { root } = api.parse(resolved);
  const rel = api.relative(root, resolved);
  if (rel === '') return true;
  const under = (base: string, p: string): boolean => p === base || p.startsWith(`${base}/`);
  if (api.sep === '\\') {
    const parts = rel.toLowerCase().split('\\').filter(Boolean);
    const first = parts[0] ?? '';
    return WINDOWS_TREES.includes(first) || (parts.length === 1 && WINDOWS_FOLDERS.includes(first));
  }
  const lower = `/${rel}`.toLowerCase();
  return POSIX_TREES.some((t) => under(t, lower)) || POSIX_FOLDERS.includes(lower);
}

export function createMediaGuard(initialRoots: readonly string[] = []): MediaGuard {
  const roots = new Set<string>();
  const allow = (root: string): boolean => {
    if (typeof root !== 'string' || root === '' || root.includes('\0')) return false;
    if (!path.isAbsolute(root)) return false;
    const resolved = path.resolve(root);
    // The real target decides too: a link to `/` is `/`. A folder not made yet has no target.
    let real = resolved;
    try {
      real = realpathSync(resolved);
    } catch {
      // Not there (yet): the resolved path is all there is to judge.
    }
    if (isSystemFolder(resolved) || isSystemFolder(real)) return false;
    roots.add(resolved);
    return true;
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

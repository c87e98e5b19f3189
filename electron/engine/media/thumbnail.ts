// The one answer both shells give a media request (genloom-media:// in the desktop app, /media/
// on the bridge): the guard decides whether the file may be shown at all; with `?w=` an image
// is answered by a thumbnail that fits inside w x w, made once with sharp and kept on disk.
// Videos get no thumbnail: `?w=` on a video serves the video itself (the grid shows its first
// frame with preload="metadata"), so a cell never needs a second request to find that out.
import { createHash } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { thumbWidthFrom } from '../../../shared/ipc/media-url';
import { makeDirs } from '../downloads/dirs';
import type { MediaGuard } from '../media-guard';

/** A file to send, or why not with the HTTP status that says so. */
export type MediaAnswer =
  | {
      ok: true;
      path: string;
      contentType: string;
      bytes: number;
      variant: 'original' | 'thumbnail';
    }
  | { ok: false; status: 400 | 403 | 404 | 422; message: string };

export interface MediaFiles {
  /** `width` is the raw `w` query parameter (null when absent). */
  resolve(requested: unknown, width: string | null): Promise<MediaAnswer>;
}

export interface ThumbnailOptions {
  guard: MediaGuard;
  /** Where thumbnails are kept: <home>/thumbs. */
  dir: string;
}

const THUMB_TYPE = 'image/webp';

/** The thumbnail folder cannot be made (<home> is /proc/x, or a file is in the way). */
class NoThumbFolder extends Error {}

/** The cache key: the file's real path and version (mtime, size) and the width asked for. */
export function thumbnailKey(file: string, mtimeMs: number, size: number, width: number): string {
  return createHash('sha256')
    .update(`${file}\0${Math.trunc(mtimeMs)}\0${size}\0${width}`)
    .digest('hex');
}

export function createMediaFiles(options: ThumbnailOptions): MediaFiles {
  // Two cells asking for the same thumbnail at once share one sharp run.
  const making = new Map<string, Promise<string>>();

  const make = async (source: string, target: string, width: number): Promise<string> => {
    // Level by level: Node 20's recursive mkdir never settles on a folder like /proc/x.
    await makeDirs(path.resolve(path.dirname(target))).catch((error: unknown) => {
      throw new NoThumbFolder(String(error), { cause: error });
    });
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await sharp(source, { animated: false, failOn: 'error' })
        .rotate()
        .resize({ width, height: width, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 78 })
        .toFile(temp);
      // Written aside and renamed, so a reader never sees half a thumbnail.
      await rename(temp, target);
      return target;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };

  const thumbnail = async (source: string, width: number): Promise<string> => {
    const info = await stat(source);
    // Checked again just before sharp opens it: a FIFO swapped in would block a pool thread.
    if (!info.isFile()) throw new Error('not a regular file');
    const key = thumbnailKey(source, info.mtimeMs, info.size, width);
    const target = path.join(options.dir, key.slice(0, 2), `${key}.webp`);
    if (
      await stat(target)
        .then((s) => s.isFile())
        .catch(() => false)
    )
      return target;
    let pending = making.get(key);
    if (pending === undefined) {
      pending = make(source, target, width).finally(() => making.delete(key));
      making.set(key, pending);
    }
    return pending;
  };

  return {
    async resolve(requested, rawWidth) {
      const width = thumbWidthFrom(rawWidth);
      if (!width.ok) return { ok: false, status: 400, message: width.message };
      const checked = await options.guard.check(requested);
      if (!checked.ok) {
        return {
          ok: false,
          status: checked.code === 'not_found' ? 404 : 403,
          message: checked.message,
        };
      }
      const original = {
        ok: true,
        path: checked.path,
        contentType: checked.contentType,
        bytes: checked.bytes,
        variant: 'original',
      } as const;
      if (width.width === null || !checked.contentType.startsWith('image/')) return original;
      try {
        const file = await thumbnail(checked.path, width.width);
        const info = await stat(file);
        return {
          ok: true,
          path: file,
          contentType: THUMB_TYPE,
          bytes: info.size,
          variant: 'thumbnail',
        };
      } catch (error) {
        // Nowhere to keep thumbnails: the image itself still shows, only larger.
        if (error instanceof NoThumbFolder) return original;
        return {
          ok: false,
          status: 422,
          message: 'the image could not be read to make a thumbnail (damaged or not an image)',
        };
      }
    },
  };
}

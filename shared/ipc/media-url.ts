// Local media reach the page through URLs that name the absolute path in one encoded segment.
// Which folders may be served is decided on the main side (electron/engine/media-guard.ts).

/** The custom protocol the desktop window uses (registered privileged in main). */
export const MEDIA_SCHEME = 'genloom-media';
/** The bridge's HTTP route for the same files. */
export const BRIDGE_MEDIA_PREFIX = '/media/';

/**
 * The bridge's route for files a browser hands over as File objects (a drop, a picker): POST
 * the bytes to /upload?token=&drop=&name=, where drop groups one drop's files in one folder
 * and name is the file's relative path (a dropped folder keeps its subfolders).
 */
export const BRIDGE_UPLOAD_PATH = '/upload';
/** Largest file the upload route takes (bytes): 50 MiB, above every model's image limit. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** A drop id: letters, digits and dashes (a UUID fits). */
export const UPLOAD_DROP_ID = /^[A-Za-z0-9-]{8,64}$/;

export function bridgeUploadUrl(token: string, drop: string, name: string): string {
  // shared/ has no URLSearchParams (no DOM or Node types): encoded by hand.
  const e = encodeURIComponent;
  return `${BRIDGE_UPLOAD_PATH}?token=${e(token)}&drop=${e(drop)}&name=${e(name)}`;
}

/** With `download`, the bridge sends the file as an attachment (a browser download). */
export function bridgeDownloadUrl(path: string, token: string): string {
  return `${bridgeMediaUrl(path, token)}&download=1`;
}

/** Thumbnail widths main will make (pixels); `?w=` outside this range is refused with 400. */
export const THUMB_MIN_WIDTH = 64;
export const THUMB_MAX_WIDTH = 1024;

/**
 * The URL of a local file; with `width`, of an image thumbnail that fits inside width x width
 * (videos are served whole either way).
 */
export function desktopMediaUrl(path: string, width?: number): string {
  const base = `${MEDIA_SCHEME}://local/${encodeURIComponent(path)}`;
  return width === undefined ? base : `${base}?w=${width}`;
}

export function bridgeMediaUrl(path: string, token: string, width?: number): string {
  const base = `${BRIDGE_MEDIA_PREFIX}${encodeURIComponent(path)}?token=${encodeURIComponent(token)}`;
  return width === undefined ? base : `${base}&w=${width}`;
}

export type ThumbWidth = { ok: true; width: number | null } | { ok: false; message: string };

/** The `w` query parameter: absent means the full file; otherwise a whole number in range. */
export function thumbWidthFrom(raw: string | null): ThumbWidth {
  if (raw === null) return { ok: true, width: null };
  const width = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(width >= THUMB_MIN_WIDTH && width <= THUMB_MAX_WIDTH)) {
    return {
      ok: false,
      message: `w must be a whole number of pixels from ${THUMB_MIN_WIDTH} to ${THUMB_MAX_WIDTH} (got "${raw.slice(0, 20)}")`,
    };
  }
  return { ok: true, width };
}

/**
 * The path a media URL's pathname names, or null when it is not one segment that decodes
 * cleanly (a second slash means someone built the URL by hand).
 */
export function pathFromMediaPathname(pathname: string, prefix = '/'): string | null {
  if (!pathname.startsWith(prefix)) return null;
  const segment = pathname.slice(prefix.length);
  if (segment === '' || segment.includes('/')) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

// Local media reach the page through URLs that name the absolute path in one encoded segment.
// Which folders may be served is decided on the main side (electron/engine/media-guard.ts).

/** The custom protocol the desktop window uses (registered privileged in main). */
export const MEDIA_SCHEME = 'genloom-media';
/** The bridge's HTTP route for the same files. */
export const BRIDGE_MEDIA_PREFIX = '/media/';

export function desktopMediaUrl(path: string): string {
  return `${MEDIA_SCHEME}://local/${encodeURIComponent(path)}`;
}

export function bridgeMediaUrl(path: string, token: string): string {
  return `${BRIDGE_MEDIA_PREFIX}${encodeURIComponent(path)}?token=${encodeURIComponent(token)}`;
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

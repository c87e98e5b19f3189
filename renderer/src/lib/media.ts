// Local files reach <img>/<video> only through URLs main serves (genloom-media:// in the desktop
// app, /media/ with the session token on the bridge); the transport knows which. Grids ask for
// thumbnails; the detail and compare views ask for the file itself.
import { downloadUrl, mediaUrl as transportMediaUrl } from './api';
import { thumbWidthFor } from './thumb-width';

/** The file itself, full size (and a video, which has no thumbnail). */
export function mediaUrl(path: string): string {
  return transportMediaUrl(path);
}

/** An image thumbnail for a box `cssPixels` wide; a video is served whole either way. */
export function thumbUrl(path: string, cssPixels: number): string {
  return transportMediaUrl(path, thumbWidthFor(cssPixels, window.devicePixelRatio));
}

/**
 * What a detail view can do with a local file here. The desktop app opens it with the
 * system's app and shows it in its folder (through main); a browser can do neither, so it
 * views the file in a new tab or downloads it, and offers no folder at all.
 */
export type FileActions =
  { kind: 'desktop' } | { kind: 'browser'; viewUrl: string; downloadUrl: string; fileName: string };

export function fileActions(path: string): FileActions {
  const download = downloadUrl(path);
  if (download === null) return { kind: 'desktop' };
  const fileName = path.split(/[\\/]/).pop() ?? path;
  return { kind: 'browser', viewUrl: mediaUrl(path), downloadUrl: download, fileName };
}

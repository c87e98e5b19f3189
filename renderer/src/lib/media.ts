// Local files reach <img>/<video> only through URLs main serves (genloom-media:// in the desktop
// app, /media/ with the session token on the bridge); the transport knows which. Grids ask for
// thumbnails; the detail and compare views ask for the file itself.
import { mediaUrl as transportMediaUrl } from './api';
import { thumbWidthFor } from './thumb-width';

/** The file itself, full size (and a video, which has no thumbnail). */
export function mediaUrl(path: string): string {
  return transportMediaUrl(path);
}

/** An image thumbnail for a box `cssPixels` wide; a video is served whole either way. */
export function thumbUrl(path: string, cssPixels: number): string {
  return transportMediaUrl(path, thumbWidthFor(cssPixels, window.devicePixelRatio));
}

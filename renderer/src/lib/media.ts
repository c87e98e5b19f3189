// Local files reach <img>/<video> only through URLs main serves (genloom-media:// in the desktop
// app, /media/ with the session token on the bridge); the transport knows which.
import { mediaUrl as transportMediaUrl } from './api';

export function mediaUrl(path: string): string {
  return transportMediaUrl(path);
}

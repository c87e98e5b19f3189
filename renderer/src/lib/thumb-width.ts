// Which thumbnail width to ask main for: the cell's size in device pixels, rounded up to a few
// fixed steps so cells of nearly the same size share one cached file (main's and the HTTP
// cache's), and kept inside what main makes.
import { THUMB_MAX_WIDTH, THUMB_MIN_WIDTH } from '../../../shared/ipc/media-url';

export const THUMB_STEPS = [128, 256, 384, 512, 768, THUMB_MAX_WIDTH] as const;

export function thumbWidthFor(cssPixels: number, devicePixelRatio: number): number {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const wanted = Math.max(THUMB_MIN_WIDTH, Math.ceil(cssPixels * ratio));
  return THUMB_STEPS.find((step) => step >= wanted) ?? THUMB_MAX_WIDTH;
}

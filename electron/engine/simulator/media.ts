import sharp from 'sharp';
import type { NormalisedRequest } from './check';
import { encodeStillVideo } from './h264';
import { muxMp4 } from './mp4';
import { hash32 } from './rng';

/** The requested size scaled so its long side is at most maxSide, keeping the aspect ratio. */
export function scaledSize(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(8, Math.round(width * scale)),
    height: Math.max(8, Math.round(height * scale)),
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function wrap(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > perLine && line) {
      lines.push(line);
      line = word.slice(0, perLine);
    } else line = next.slice(0, perLine);
    if (lines.length === maxLines) break;
  }
  if (line && lines.length < maxLines) lines.push(line);
  return lines;
}

/** An SVG card: a colour from the prompt, seed and index, the prompt, and what was asked. */
function cardSvg(req: NormalisedRequest, index: number, width: number, height: number): string {
  const h = hash32(`${req.model}|${req.prompt}|${req.seed ?? ''}|${index}`);
  const hue = h % 360;
  const hue2 = (hue + 40 + ((h >>> 9) % 80)) % 360;
  const font = Math.max(8, Math.round(Math.min(width, height) / 12));
  const perLine = Math.max(8, Math.floor(width / (font * 0.6)) - 2);
  const lines = wrap(
    req.prompt || '(no prompt)',
    perLine,
    Math.max(1, Math.floor(height / (font * 1.4)) - 2),
  );
  const footer = `${req.model} #${index + 1}/${req.count} ${req.width}x${req.height}`;
  const text = lines
    .map(
      (l, i) =>
        `<text x="${font}" y="${font * (1.6 + i * 1.3)}" font-size="${font}">${escapeXml(l)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue},65%,45%)"/>` +
    `<stop offset="1" stop-color="hsl(${hue2},65%,25%)"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/>` +
    `<g font-family="sans-serif" fill="#ffffff">${text}` +
    `<text x="${font}" y="${height - font * 0.6}" font-size="${Math.round(font * 0.7)}" ` +
    `fill-opacity="0.8">${escapeXml(footer)}</text></g></svg>`
  );
}

export async function renderPng(
  req: NormalisedRequest,
  index: number,
  maxSide: number,
): Promise<Buffer> {
  const { width, height } = scaledSize(req.width, req.height, maxSide);
  return sharp(Buffer.from(cardSvg(req, index, width, height)))
    .resize(width, height, { fit: 'fill' })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** Long side of simulated videos: small on purpose, the bytes only need to be a real MP4. */
const VIDEO_SIDE = 192;
const VIDEO_FPS = 2;

export async function renderVideo(req: NormalisedRequest): Promise<Buffer> {
  const size = scaledSize(req.width, req.height, VIDEO_SIDE);
  // 4:2:0 chroma needs even dimensions.
  const width = size.width - (size.width % 2);
  const height = size.height - (size.height % 2);
  const rgb = await sharp(Buffer.from(cardSvg(req, 0, width, height)))
    .resize(width, height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const frames = Math.max(1, Math.round((req.durationSec || 1) * VIDEO_FPS));
  const stream = encodeStillVideo(rgb, width, height, frames);
  return muxMp4({ ...stream, width, height, fps: VIDEO_FPS });
}

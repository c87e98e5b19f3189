/**
 * Outputs delivered inside the answer instead of at a URL: OpenAI-compatible image servers
 * answer `b64_json`, kept by the provider mapping as a `data:` URL. They are saved through the
 * same path as downloads (naming, temp file, fsync, rename, PNG text, sha256, sidecar).
 */
import { DownloadError } from './download-error';

export function isDataUrl(url: string): boolean {
  return /^data:/i.test(url);
}

const MIME_EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
};

/** The media type a data URL declares (lower case), or null. */
export function dataUrlType(url: string): string | null {
  const m = /^data:([^;,]*)/i.exec(url);
  return m?.[1] ? m[1].trim().toLowerCase() : null;
}

/** The file extension for a data URL's declared type, or null when it is not a known one. */
export function dataUrlExt(url: string): string | null {
  return MIME_EXT[dataUrlType(url) ?? ''] ?? null;
}

/**
 * How a data URL is recorded (the sidecar's sourceUrl): its header and size, not the file
 * again in base64 (megabytes in a JSON file meant to be read by people).
 */
export function describeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  if (comma < 0) return 'data:(inline)';
  const data = url.slice(comma + 1);
  const base64 = /;base64$/i.test(url.slice(0, comma));
  const bytes = base64 ? Buffer.byteLength(data.replace(/\s+/g, ''), 'base64') : data.length;
  return `${url.slice(0, comma + 1)}(${bytes} bytes inline)`;
}

/** The bytes of a data URL (base64 or percent-encoded). Throws DownloadError 'inline_invalid'. */
export function decodeDataUrl(
  url: string,
  maxBytes?: number,
): { bytes: Buffer; type: string | null } {
  const comma = url.indexOf(',');
  const invalid = (why: string): DownloadError =>
    new DownloadError('inline_invalid', `The provider sent the file inline, but ${why}.`);
  if (comma < 0) throw invalid('its data: URL has no comma');
  const header = url.slice(5, comma);
  let data = url.slice(comma + 1);
  // A size check before decoding: base64 is 4 characters per 3 bytes.
  if (maxBytes !== undefined && Math.floor((data.length * 3) / 4) > maxBytes + 3) {
    throw new DownloadError('too_large', `The file is larger than ${maxBytes} bytes; refused.`);
  }
  let bytes: Buffer;
  if (/;base64$/i.test(header)) {
    // Servers wrap base64 over lines; some send the URL-safe alphabet.
    data = data.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
      throw invalid('it is not valid base64');
    }
    bytes = Buffer.from(data, 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(data), 'latin1');
    } catch {
      throw invalid('its data: URL is not validly encoded');
    }
  }
  if (bytes.length === 0) throw invalid('the file is empty');
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    throw new DownloadError('too_large', `The file is larger than ${maxBytes} bytes; refused.`);
  }
  return { bytes, type: dataUrlType(url) };
}

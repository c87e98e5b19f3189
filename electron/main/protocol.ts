// genloom-media://local/<encoded absolute path>[?w=256]: how the window shows local images and
// videos. The answer comes from the same Electron-free module as the bridge's /media/ route:
// only files the media guard admits are served, `?w=` gives an image thumbnail, and a Range
// header gives part of the file (a video seeking).
import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { MEDIA_SCHEME, pathFromMediaPathname } from '../../shared/ipc/media-url';
import { contentRange, parseRange } from '../engine/media/range';
import type { MediaFiles } from '../engine/media/thumbnail';

/** Must run before app 'ready'. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

export function handleMediaProtocol(media: MediaFiles): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'local') return new Response('forbidden', { status: 403 });
    const file = await media.resolve(
      pathFromMediaPathname(url.pathname),
      url.searchParams.get('w'),
    );
    if (!file.ok) return new Response(file.message, { status: file.status });
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    };
    const range = parseRange(request.headers.get('Range'), file.bytes);
    if (range.kind === 'unsatisfiable') {
      return new Response(null, {
        status: 416,
        headers: { ...headers, 'Content-Range': contentRange(range, file.bytes) },
      });
    }
    const partial = range.kind === 'partial' ? range : null;
    const stream = createReadStream(
      file.path,
      partial ? { start: partial.start, end: partial.end } : {},
    );
    const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    return new Response(body, {
      status: partial ? 206 : 200,
      headers: {
        ...headers,
        'Content-Length': String(partial ? partial.end - partial.start + 1 : file.bytes),
        ...(partial ? { 'Content-Range': contentRange(partial, file.bytes) } : {}),
      },
    });
  });
}

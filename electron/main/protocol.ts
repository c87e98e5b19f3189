// genloom-media://local/<encoded absolute path>: how the window shows local images and videos.
// Only files the media guard admits (inside Genloom's input and output folders) are served.
import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { MEDIA_SCHEME, pathFromMediaPathname } from '../../shared/ipc/media-url';
import type { MediaGuard } from '../engine/media-guard';

/** Must run before app 'ready'. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

export function handleMediaProtocol(guard: MediaGuard): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'local') return new Response('forbidden', { status: 403 });
    const checked = await guard.check(pathFromMediaPathname(url.pathname));
    if (!checked.ok) {
      return new Response(checked.message, { status: checked.code === 'not_found' ? 404 : 403 });
    }
    const body = Readable.toWeb(createReadStream(checked.path)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        'Content-Type': checked.contentType,
        'Content-Length': String(checked.bytes),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

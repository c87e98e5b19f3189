// The Content-Security-Policy of every page Genloom shows: our own scripts only, no remote
// content, media only from our protocol (desktop) or our own origin (bridge). Sent as a header
// by main and by the bridge; renderer/index.html carries a meta copy as a second line.
import { MEDIA_SCHEME } from '../../../shared/ipc/media-url';

export interface CspOptions {
  shell: 'electron' | 'bridge';
  /** Vite's dev server injects an inline preamble (React refresh) and a HMR socket. */
  dev?: boolean;
  /** Dev server origin, e.g. http://localhost:5173. */
  devOrigin?: string;
}

export function contentSecurityPolicy(options: CspOptions): string {
  const media =
    options.shell === 'electron' ? `'self' data: blob: ${MEDIA_SCHEME}:` : `'self' data: blob:`;
  const connect = ["'self'"];
  if (options.shell === 'bridge') connect.push('ws://127.0.0.1:*');
  if (options.dev && options.devOrigin) {
    connect.push(options.devOrigin, options.devOrigin.replace(/^http/, 'ws'));
  }
  const script = options.dev ? "'self' 'unsafe-inline'" : "'self'";
  return [
    "default-src 'none'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

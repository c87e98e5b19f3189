// Who may call main over IPC: our own window's web contents, from its top frame, showing our
// own page (the dev server's origin in dev, the packaged index.html otherwise). Plain data in,
// a boolean out, so the rule is tested without Electron.

export interface SenderInfo {
  webContentsId: number;
  /** The calling frame's URL; null when Electron has no frame (it was destroyed). */
  frameUrl: string | null;
  isTopFrame: boolean;
}

export interface TrustPolicy {
  /** Web contents of our own windows. */
  webContentsIds: ReadonlySet<number>;
  /** The page we load: http://localhost:5173/ in dev, file:///.../out/renderer/index.html. */
  rendererUrl: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: SenderInfo, policy: TrustPolicy): boolean {
  if (!policy.webContentsIds.has(sender.webContentsId)) return false;
  if (!sender.isTopFrame || sender.frameUrl === null) return false;
  const frame = parse(sender.frameUrl);
  const ours = parse(policy.rendererUrl);
  if (frame === null || ours === null) return false;
  if (ours.protocol === 'file:') {
    // File URLs share the opaque origin "null": compare the file itself.
    return (
      frame.protocol === 'file:' && frame.host === ours.host && frame.pathname === ours.pathname
    );
  }
  return (ours.protocol === 'http:' || ours.protocol === 'https:') && frame.origin === ours.origin;
}

/** Navigation inside the window is allowed only to our own page (a reload, a hash change). */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  const target = parse(url);
  const ours = parse(rendererUrl);
  if (target === null || ours === null) return false;
  if (ours.protocol === 'file:')
    return target.protocol === 'file:' && target.pathname === ours.pathname;
  return target.origin === ours.origin;
}

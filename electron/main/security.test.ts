// The desktop shell's security rules as plain data: no Electron is loaded here.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../engine/api/csp';
import { isOwnPage, isTrustedSender } from './sender-check';
import { allowPermission, mainWindowOptions } from './window-options';

const FILE_PAGE = 'file:///opt/Genloom/resources/app.asar/out/renderer/index.html';
const policy = { webContentsIds: new Set([7]), rendererUrl: FILE_PAGE };

describe('sender check', () => {
  it('accepts our window, top frame, our page', () => {
    expect(
      isTrustedSender({ webContentsId: 7, frameUrl: FILE_PAGE, isTopFrame: true }, policy),
    ).toBe(true);
    expect(
      isTrustedSender(
        { webContentsId: 7, frameUrl: `${FILE_PAGE}#/history`, isTopFrame: true },
        policy,
      ),
    ).toBe(true);
  });

  it('refuses other web contents, subframes, destroyed frames and other pages', () => {
    const cases = [
      { webContentsId: 8, frameUrl: FILE_PAGE, isTopFrame: true },
      { webContentsId: 7, frameUrl: FILE_PAGE, isTopFrame: false },
      { webContentsId: 7, frameUrl: null, isTopFrame: true },
      { webContentsId: 7, frameUrl: 'file:///tmp/evil.html', isTopFrame: true },
      { webContentsId: 7, frameUrl: 'https://example.com/', isTopFrame: true },
      { webContentsId: 7, frameUrl: 'not a url', isTopFrame: true },
    ];
    for (const sender of cases) expect(isTrustedSender(sender, policy)).toBe(false);
  });

  it('in dev, accepts only the dev server origin', () => {
    const dev = { webContentsIds: new Set([1]), rendererUrl: 'http://localhost:5173/' };
    const from = (url: string) => ({ webContentsId: 1, frameUrl: url, isTopFrame: true });
    expect(isTrustedSender(from('http://localhost:5173/index.html'), dev)).toBe(true);
    expect(isTrustedSender(from('http://localhost:5174/'), dev)).toBe(false);
    expect(isTrustedSender(from('http://127.0.0.1:5173/'), dev)).toBe(false);
  });

  it('allows navigation only within our own page', () => {
    expect(isOwnPage(`${FILE_PAGE}#/settings`, FILE_PAGE)).toBe(true);
    expect(isOwnPage('https://evil.example/', FILE_PAGE)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', FILE_PAGE)).toBe(false);
  });
});

describe('window options', () => {
  it('isolates and sandboxes the page, with no Node', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('grants the page no permissions', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      expect(allowPermission(permission)).toBe(false);
    }
  });
});

describe('content security policy', () => {
  const directives = (csp: string) =>
    new Map(csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)]));

  it('loads only our own scripts and no remote content', () => {
    for (const shell of ['electron', 'bridge'] as const) {
      const csp = directives(contentSecurityPolicy({ shell }));
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      for (const sources of csp.values()) {
        expect(sources.some((s) => /^https?:/.test(s ?? ''))).toBe(false);
      }
    }
    expect(directives(contentSecurityPolicy({ shell: 'electron' })).get('img-src')).toContain(
      'genloom-media:',
    );
    expect(directives(contentSecurityPolicy({ shell: 'bridge' })).get('connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:*',
    ]);
  });
});

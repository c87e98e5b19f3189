// The Electron main process: one instance, one sandboxed window, the engine hosted here, keys
// decrypted only here, and the renderer reached only through the typed contract.
import { app, BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../engine/api/csp';
import { genloomHome } from '../engine/paths';
import { startHost } from '../engine/api/host';
import type { Host } from '../engine/api/host';
import { createLogger } from '../engine/vault/redact';
import { makeEngine } from '../engine/api/engine-adapter';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { createDesktopPlatform } from './platform';
import { handleMediaProtocol, registerMediaScheme } from './protocol';
import { isOwnPage } from './sender-check';
import { createDesktopVault } from './vault';
import { allowPermission, mainWindowOptions } from './window-options';

const log = createLogger('main');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererUrl = devUrl ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href;
/** Links the app may hand to the system browser (provider key pages); everything else is denied. */
const EXTERNAL_HOSTS = new Set([
  'poyo.ai',
  'docs.poyo.ai',
  'apixo.ai',
  'www.apixo.ai',
  'umodelverse.ai',
]);

let mainWindow: BrowserWindow | null = null;
let host: Host | null = null;

registerMediaScheme();
app.enableSandbox();

function openExternalIfAllowed(url: string): void {
  try {
    const target = new URL(url);
    if (target.protocol === 'https:' && EXTERNAL_HOSTS.has(target.hostname)) {
      void shell.openExternal(target.href);
    }
  } catch {
    // Not a URL: nothing to open.
  }
}

function hardenSessions(): void {
  const csp = contentSecurityPolicy({
    shell: 'electron',
    dev: devUrl !== undefined,
    devOrigin: devUrl ? new URL(devUrl).origin : undefined,
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    allowPermission(permission),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url, rendererUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url, rendererUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfAllowed(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(rendererUrl);
  return window;
}

/** --demo opens the demo history, --live the live one; else demo only when no key is set. */
function demoFlag(argv: readonly string[]): 'on' | 'off' | 'auto' {
  if (argv.includes('--demo')) return 'on';
  if (argv.includes('--live')) return 'off';
  return 'auto';
}

/** Starts Genloom again on the other history (app.switchHistory); the quit closes the host. */
function relaunchOn(demo: boolean): void {
  const args = process.argv.slice(1).filter((arg) => arg !== '--demo' && arg !== '--live');
  app.relaunch({ args: [...args, demo ? '--demo' : '--live'] });
  app.quit();
}

async function start(): Promise<void> {
  const home = process.env.GENLOOM_HOME
    ? genloomHome()
    : path.join(app.getPath('appData'), 'Genloom');
  hardenSessions();
  installMenu();
  const vault = createDesktopVault(home, process.env);
  host = await startHost({
    home,
    version: app.getVersion(),
    vault,
    platform: { ...createDesktopPlatform(() => mainWindow), switchHistory: relaunchOn },
    demo: demoFlag(process.argv),
    log,
    makeEngine,
  });
  handleMediaProtocol(host.mediaFiles);
  wireIpc({
    handlers: host.handlers,
    bus: host.bus,
    windows: () => (mainWindow ? [mainWindow] : []),
    rendererUrl,
    validateOutput: !app.isPackaged,
    log,
  });
  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !host) return;
    closing = true;
    event.preventDefault();
    // State is durable: closing only stops the loop and flushes the database.
    void host.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('Genloom failed to start', { error: String(error) });
      app.exit(1);
    });
}

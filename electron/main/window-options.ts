// The main window's options as plain data, so the security settings are tested without
// Electron: the page runs sandboxed and isolated, with no Node, and talks only through the
// preload's invoke/on.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Genloom',
    backgroundColor: '#111315',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  };
}

/** Permissions the page may ask for: none (no camera, geolocation, notifications via web). */
export function allowPermission(_permission: string): boolean {
  return false;
}

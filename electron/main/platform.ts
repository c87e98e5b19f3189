// The desktop platform: native pickers, the OS file manager and OS notifications.
import { BrowserWindow, dialog, Notification, shell } from 'electron';
import type { Platform } from '../engine/api/platform';
import { IMAGE_EXTENSIONS } from '../engine/runner/inputs';

export function createDesktopPlatform(window: () => BrowserWindow | null): Platform {
  const parent = (): BrowserWindow | undefined =>
    window() ?? BrowserWindow.getFocusedWindow() ?? undefined;
  return {
    shell: 'electron',
    async pickFolder(title) {
      const options = {
        title: title ?? 'Choose a folder',
        properties: ['openDirectory' as const, 'createDirectory' as const],
      };
      const owner = parent();
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickFiles({ title, multiple }) {
      const options = {
        title: title ?? 'Choose images',
        properties: multiple ? (['openFile', 'multiSelections'] as const) : (['openFile'] as const),
        filters: [{ name: 'Images', extensions: IMAGE_EXTENSIONS.map((ext) => ext.slice(1)) }],
      };
      const owner = parent();
      const result = owner
        ? await dialog.showOpenDialog(owner, { ...options, properties: [...options.properties] })
        : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
      return result.canceled ? [] : result.filePaths;
    },
    async openPath(path) {
      const error = await shell.openPath(path);
      if (error) throw new Error(`the file could not be opened: ${error}`);
    },
    showInFolder(path) {
      shell.showItemInFolder(path);
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
    },
  };
}

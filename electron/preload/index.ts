// The page's only door to main: invoke() for contract channels and on() for contract events,
// both checked against allowlists taken from the contract, and pathForFile() for a dropped
// file's path (webUtils; File.path is gone since Electron 32). The page never sees
// ipcRenderer, the IPC event object (it carries the sender), Node, or anything else. An input
// past the size and depth limits is answered here and never serialised for IPC (main checks
// again: the page may not be the only caller).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { inputLimitRefusal } from '../../shared/ipc/limits';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/ipc/names';
import type { GenloomPreloadApi } from '../../shared/ipc/names';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

const api: GenloomPreloadApi = {
  invoke(channel, input) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `channel ${String(channel)} is not allowed` },
      });
    }
    const refused = inputLimitRefusal(channel, input);
    if (refused !== null) return Promise.resolve(refused);
    return ipcRenderer.invoke(channel, input);
  },
  on(event, listener) {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') {
      return () => undefined;
    }
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
  pathForFile(file) {
    // webUtils refuses anything but a File the page really holds; that, too, has no path.
    if (typeof file !== 'object' || file === null) return '';
    try {
      return webUtils.getPathForFile(file as File);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('genloom', api);

// The preload with Electron's contextBridge and ipcRenderer stood in for: it exposes invoke and
// on only, passes allowlisted names only, and never hands the page the IPC event object.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/ipc/names';
import type { GenloomPreloadApi } from '../../shared/ipc/names';

const exposed = new Map<string, unknown>();
const invoked: string[] = [];
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

class FakeFile {
  constructor(
    readonly name: string,
    readonly size: number,
    readonly path: string,
  ) {}
}

vi.mock('electron', () => ({
  webUtils: {
    // Electron answers a path for a File and throws for anything else.
    getPathForFile: (file: unknown) => {
      if (!(file instanceof FakeFile)) throw new TypeError('Error processing argument');
      return file.path;
    },
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string) => {
      invoked.push(channel);
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (name: string, listener: (event: unknown, payload: unknown) => void) =>
      listeners.set(name, listener),
    removeListener: (name: string) => listeners.delete(name),
  },
}));

let api: GenloomPreloadApi;
beforeAll(async () => {
  await import('./index');
  api = exposed.get('genloom') as GenloomPreloadApi;
});

describe('preload', () => {
  it('exposes one object with invoke, on and pathForFile, nothing else', () => {
    expect([...exposed.keys()]).toEqual(['genloom']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it("names a dropped file's path, and gives '' for anything that is not a file", () => {
    expect(api.pathForFile(new FakeFile('cat.png', 10, '/home/me/cat.png'))).toBe(
      '/home/me/cat.png',
    );
    for (const notFile of [{ name: 'x', size: 1 }, null, 'path', 42]) {
      expect(api.pathForFile(notFile as never)).toBe('');
    }
  });

  it('forwards every contract channel and refuses anything else', async () => {
    for (const channel of CHANNEL_NAMES) {
      await expect(api.invoke(channel, {})).resolves.toEqual({ ok: true, value: channel });
    }
    for (const channel of ['', 'genloom:secret', '__proto__', 'ELECTRON_BROWSER_REQUIRE']) {
      await expect(api.invoke(channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'unknown_channel' },
      });
    }
    expect(invoked).toEqual([...CHANNEL_NAMES]);
  });

  it('keeps an input nested too deep out of IPC, naming the field and the rule', async () => {
    const before = invoked.length;
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 5000; i++) {
      const next: Record<string, unknown> = {};
      at.a = next;
      at = next;
    }
    await expect(api.invoke('settings.set', { presets: [{ params: deep }] })).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'settings.set: presets.0.params.a.a.a.a.a... (24 levels more) is nested too deep: at most 32 levels of objects and lists are allowed',
        issues: [
          {
            field: 'presets.0.params.a.a.a.a.a... (24 levels more)',
            message: 'is nested too deep: at most 32 levels of objects and lists are allowed',
          },
        ],
      },
    });
    expect(invoked.length).toBe(before);
  });

  it('subscribes to contract events only, and passes the payload alone', () => {
    const received: unknown[] = [];
    for (const name of EVENT_NAMES) {
      const off = api.on(name, (payload) => received.push(payload));
      listeners.get(name)?.({ sender: 'ipc event with sender' }, { name });
      off();
      expect(listeners.has(name)).toBe(false);
    }
    expect(received).toEqual(EVENT_NAMES.map((name) => ({ name })));
    api.on('ELECTRON_GUEST_WINDOW', () => undefined);
    expect(listeners.has('ELECTRON_GUEST_WINDOW')).toBe(false);
  });
});

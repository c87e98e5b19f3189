// The IPC wiring with Electron's ipcMain stood in for (Electron cannot run here): every
// contract channel is handled, an untrusted sender is refused before anything runs, and
// events go to our window only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/ipc/names';
import { startTestHost } from '../engine/api/test-host';
import type { TestHost } from '../engine/api/test-host';
import { createLogger } from '../engine/vault/redact';

type Handler = (event: unknown, input: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const PAGE = 'file:///app/out/renderer/index.html';
const sent: { id: number; name: string }[] = [];
const ourWindow = {
  isDestroyed: () => false,
  webContents: { id: 1, send: (name: string) => sent.push({ id: 1, name }) },
};

const event = (webContentsId: number, url: string | null, top = true) => ({
  sender: { id: webContentsId },
  senderFrame: url === null ? null : { url, parent: top ? null : {} },
});

let t: TestHost;
let unwire: () => void;

beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
  const { wireIpc } = await import('./ipc');
  unwire = wireIpc({
    handlers: t.host.handlers,
    bus: t.host.bus,
    windows: () => [ourWindow as never],
    rendererUrl: PAGE,
    validateOutput: true,
    log: createLogger('test', () => undefined),
  });
});
afterAll(async () => {
  unwire?.();
  await t?.close();
});

describe('ipc wiring', () => {
  it('handles every contract channel', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('answers our window through the contract', async () => {
    const handle = handlers.get('app.info');
    expect(await handle?.(event(1, PAGE), {})).toMatchObject({
      ok: true,
      value: { name: 'Genloom' },
    });
    expect(await handle?.(event(1, PAGE), { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('refuses untrusted senders before running anything', async () => {
    const before = (await t.call('batch.list', {})) as { ok: true; value: { batches: unknown[] } };
    const create = handlers.get('batch.create');
    const spec = {
      provider: 'poyo',
      model: 'seedream-5.0-lite',
      prompts: { kind: 'text', text: 'x' },
    };
    for (const untrusted of [
      event(2, PAGE),
      event(1, PAGE, false),
      event(1, null),
      event(1, 'https://evil.example/'),
      event(1, 'file:///tmp/other.html'),
    ]) {
      expect(await create?.(untrusted, { spec })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    const after = (await t.call('batch.list', {})) as typeof before;
    expect(after.value.batches).toHaveLength(before.value.batches.length);
  });

  it('answers inputs nested thousands deep, cyclic or fanned out, naming the field', async () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 5000; i++) {
      const next: Record<string, unknown> = {};
      at.a = next;
      at = next;
    }
    const preset = { id: 'p', name: 'deep', provider: 'poyo', model: 'wan-2.7-image' };
    const setSettings = handlers.get('settings.set');
    const answer = await setSettings?.(event(1, PAGE), {
      presets: [{ ...preset, params: { n: deep } }],
    });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(
          /^settings\.set: presets\.0\.params\.n\.a\.a\.a\.a\.\.\. \(\d+ levels more\) is nested too deep: at most 32 levels/,
        ),
      },
    });
    // Structured clone keeps cycles and shared references: both end at a limit.
    const cycle: Record<string, unknown> = { ...preset };
    cycle.params = { self: cycle };
    expect(await setSettings?.(event(1, PAGE), { presets: [cycle] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    let fan: unknown = 1;
    for (let i = 0; i < 28; i++) fan = [fan, fan];
    expect(
      await setSettings?.(event(1, PAGE), { presets: [{ ...preset, params: { fan } }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/at most 200000 values/) },
    });
    expect(await handlers.get('app.info')?.(event(1, PAGE), {})).toMatchObject({ ok: true });
  });

  it('sends events to our window', () => {
    t.host.bus.notificationShown({ title: 'done', body: '1 succeeded', batchId: null });
    expect(sent).toContainEqual({ id: 1, name: 'notification.shown' });
  });
});

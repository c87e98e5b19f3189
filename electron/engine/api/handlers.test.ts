// The contract's channels end to end: real engine, real store, the simulator on loopback.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Output } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { startTestHost, waitFor } from './test-host';
import type { TestHost } from './test-host';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
});
afterAll(async () => {
  await t?.close();
});

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

const spec: Input<'batch.create'>['spec'] = {
  name: 'foxes',
  provider: 'poyo',
  model: 'seedream-5.0-lite',
  prompts: { kind: 'lines', lines: ['a red fox', 'a blue fox', 'a green fox'] },
  pollMs: 20,
};

describe('api handlers over the engine', () => {
  it('reports the app and demo mode', async () => {
    const info = value<Output<'app.info'>>(await t.call('app.info', {}));
    expect(info).toMatchObject({ name: 'Genloom', shell: 'bridge', demo: true, canPick: false });
    const status = value<Output<'provider.status'>>(await t.call('provider.status', {}));
    expect(status.demo).toBe(true);
    expect(status.providers.map((p) => p.source)).toEqual(['demo', 'demo', 'demo']);
  });

  it('lists the catalog and validates input naming the field', async () => {
    const catalog = value<Output<'catalog.list'>>(await t.call('catalog.list', {}));
    expect(catalog.models.map((m) => m.id)).toContain('poyo/seedream-5.0-lite');
    const checked = value<Output<'catalog.validate'>>(
      await t.call('catalog.validate', { provider: 'poyo', model: 'seedream-5.0-lite', input: {} }),
    );
    expect(checked.valid).toBe(false);
    if (!checked.valid) expect(checked.issues[0]?.field).toBe('prompt');
  });

  it('dry-runs, runs a batch to the end, and streams coalesced progress', async () => {
    const dry = value<Output<'batch.dryRun'>>(await t.call('batch.dryRun', { spec }));
    expect(dry).toMatchObject({ tasks: 3, issues: [] });
    const { batchId, tasks } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec }),
    );
    expect(tasks).toBe(3);
    const done = await waitFor(async () => {
      const batch = value<Output<'batch.get'>>(await t.call('batch.get', { batchId }));
      return batch.status === 'done' ? batch : undefined;
    }, 'the batch to finish');
    expect(done.counts.succeeded).toBe(3);
    t.host.bus.flush();
    const updates = t.events.filter((e) => e.name === 'task.updated');
    expect(updates.length).toBeGreaterThan(0);
    const states = updates.flatMap((e) =>
      'tasks' in e.payload ? e.payload.tasks.map((task) => task.state) : [],
    );
    expect(states).toContain('succeeded');
    expect(t.events.some((e) => e.name === 'output.downloaded')).toBe(true);
    await waitFor(() => (t.notifications.length > 0 ? true : undefined), 'a notification');
    expect(t.notifications[0]).toMatch(/Batch "foxes" finished: 3 succeeded/);

    const list = value<Output<'task.list'>>(await t.call('task.list', { batchId }));
    expect(list.total).toBe(3);
    const history = value<Output<'history.search'>>(
      await t.call('history.search', { text: 'fox' }),
    );
    expect(history.total).toBeGreaterThanOrEqual(3);
    const first = history.items[0];
    if (!first) throw new Error('no history item');
    expect(first.path && existsSync(first.path)).toBe(true);
    const detail = value<Output<'output.get'>>(
      await t.call('output.get', { outputId: first.outputId }),
    );
    expect(detail.batch.id).toBe(batchId);
    // The window may show the output, and nothing outside the folders.
    expect(await t.host.media.check(first.path)).toMatchObject({ ok: true });
    expect(await t.host.media.check('/etc/hostname')).toMatchObject({ ok: false });

    // The same list by position: the second and third items of the batch's outputs.
    const all = value<Output<'history.search'>>(await t.call('history.search', { batchId }));
    const window = value<Output<'history.window'>>(
      await t.call('history.window', { batchId, offset: 1, limit: 2 }),
    );
    expect(window.total).toBe(all.total);
    expect(window.offset).toBe(1);
    expect(window.items.map((i) => i.outputId)).toEqual(
      all.items.slice(1, 3).map((i) => i.outputId),
    );
    const bad = await t.call('history.window', { offset: -5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/offset must be a whole number, 0 or more/);
  });

  it('answers batch actions on unknown batches with not_found', async () => {
    for (const channel of [
      'batch.pause',
      'batch.resume',
      'batch.cancel',
      'batch.retryFailed',
    ] as const) {
      const result = await t.call(channel, { batchId: 'nope' });
      expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('refuses a batch that cannot run, naming the field', async () => {
    const result = await t.call('batch.create', { spec: { ...spec, model: 'no-such-model' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.issues?.[0]?.field).toBe('model');
  });

  it('says pickers and opening files are not available in the bridge', async () => {
    for (const [channel, input] of [
      ['dialog.pickFolder', {}],
      ['dialog.pickFiles', {}],
      ['output.open', { outputId: 1 }],
      ['output.showInFolder', { outputId: 1 }],
    ] as const) {
      expect(await t.raw(channel, input)).toMatchObject({
        ok: false,
        error: { code: 'not_available' },
      });
    }
  });

  it('reads and writes settings through the schema', async () => {
    const set = value<Output<'settings.set'>>(
      await t.call('settings.set', { notifications: false, concurrency: { poyo: 3 } }),
    );
    expect(set).toMatchObject({
      notifications: false,
      concurrency: { poyo: 3 },
      collision: 'suffix',
    });
    const bad = await t.call('settings.set', { concurrency: { poyo: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok)
      expect(bad.error.message).toMatch(/concurrency\.poyo must be a whole number from 1 to 64/);
  });

  it('keeps a default budget per currency in the settings', async () => {
    const set = value<Output<'settings.set'>>(
      await t.call('settings.set', { defaultBudget: { credits: 250, USD: 5.5 } }),
    );
    expect(set.defaultBudget).toEqual({ credits: 250, USD: 5.5 });
    expect(value<Output<'settings.get'>>(await t.call('settings.get', {})).defaultBudget).toEqual({
      credits: 250,
      USD: 5.5,
    });
    for (const bad of [{ credits: 0 }, { credits: -1 }, { euros: 3 }]) {
      const result = await t.call('settings.set', { defaultBudget: bad });
      expect(result, JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    const zero = await t.call('settings.set', { defaultBudget: { credits: 0 } });
    if (!zero.ok)
      expect(zero.error.message).toMatch(/defaultBudget\.credits must be a number above 0/);
    value(await t.call('settings.set', { defaultBudget: {} }));
  });

  it('sets a base URL without a key, refusing anything but http(s)', async () => {
    const status = value<Output<'provider.setBaseUrl'>>(
      await t.call('provider.setBaseUrl', { provider: 'apixo', baseUrl: 'http://127.0.0.1:9/v1' }),
    );
    expect(status.provider).toBe('apixo');
    const file = JSON.parse(readFileSync(path.join(t.home, 'keys.json'), 'utf8')) as {
      providers: Record<string, unknown>;
      baseUrls: Record<string, string>;
    };
    expect(file.baseUrls.apixo).toBe('http://127.0.0.1:9/v1');
    expect(file.providers.apixo).toBeUndefined();
    for (const bad of ['ftp://x.example', 'not a url', 'javascript:alert(1)']) {
      const result = await t.call('provider.setBaseUrl', { provider: 'apixo', baseUrl: bad });
      expect(result, bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!result.ok) expect(result.error.message).toMatch(/baseUrl must be an http\(s\) URL/);
    }
    value(await t.call('provider.setBaseUrl', { provider: 'apixo', baseUrl: '' }));
    const after = JSON.parse(readFileSync(path.join(t.home, 'keys.json'), 'utf8')) as {
      baseUrls: Record<string, string>;
    };
    expect(after.baseUrls.apixo).toBeUndefined();
  });

  it('puts new batches in the default output folder from the settings', async () => {
    const dir = path.join(t.home, 'my-renders');
    value(await t.call('settings.set', { outputDir: dir }));
    const { batchId } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: { ...spec, name: 'in my folder' } }),
    );
    const batch = value<Output<'batch.get'>>(await t.call('batch.get', { batchId }));
    expect(batch.outDir).toBe(dir);
    const explicit = path.join(t.home, 'elsewhere');
    const other = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: { ...spec, output: { dir: explicit } } }),
    );
    expect(
      value<Output<'batch.get'>>(await t.call('batch.get', { batchId: other.batchId })).outDir,
    ).toBe(explicit);
  });
});

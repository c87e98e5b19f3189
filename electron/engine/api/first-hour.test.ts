// Issue 10 contract additions end to end through dispatch: the real engine and store, the
// simulator on loopback. history.tasks, files.checkOutputDir, the confirmSpendAbove setting,
// which history is open (demo or live) and the switch between them.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Output } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { startTestHost, waitFor } from './test-host';
import type { TestHost } from './test-host';

let t: TestHost;
let scratch: string;
beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
  scratch = mkdtempSync(path.join(tmpdir(), 'genloom-first-hour-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

const spec = (name: string, lines: string[]): Input<'batch.create'>['spec'] => ({
  name,
  provider: 'poyo',
  model: 'seedream-5.0-lite',
  prompts: { kind: 'lines', lines },
  pollMs: 20,
});

describe('history.tasks', () => {
  it('lists the canceled tasks of a canceled batch, which history.search cannot find', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `a paper lantern number ${i + 1}`);
    const { batchId } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: spec('Lanterns', lines) }),
    );
    value(await t.call('batch.cancel', { batchId }));
    const batch = await waitFor(async () => {
      const b = value<Output<'batch.get'>>(await t.call('batch.get', { batchId }));
      const open = (b.counts.queued ?? 0) + (b.counts.submitting ?? 0) + (b.counts.running ?? 0);
      return b.status === 'canceled' && open === 0 ? b : undefined;
    }, 'the batch to settle canceled');
    const canceled = batch.counts.canceled ?? 0;
    expect(canceled).toBeGreaterThan(0);

    const page = value<Output<'history.tasks'>>(
      await t.call('history.tasks', { states: ['canceled'], text: 'lantern' }),
    );
    expect(page.total).toBe(canceled);
    expect(page.items[0]).toMatchObject({
      batchId,
      batchName: 'Lanterns',
      provider: 'poyo',
      state: 'canceled',
      currency: expect.any(String),
    });
    const times = page.items.map((i) => i.updatedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const failedOnly = value<Output<'history.tasks'>>(
      await t.call('history.tasks', { states: ['failed'], batchId }),
    );
    expect(failedOnly.total).toBe(batch.counts.failed ?? 0);
  });

  it('refuses a state that is not failed or canceled and a limit above 500, naming them', async () => {
    const bad = await t.raw('history.tasks', { states: ['succeeded'], limit: 501 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.issues?.map((i) => i.field).sort()).toEqual(['limit', 'states.0']);
      expect(bad.error.message).toContain('must be one of failed, canceled');
    }
  });
});

describe('files.checkOutputDir', () => {
  it('accepts a folder it can create, and leaves nothing behind', async () => {
    const dir = path.join(scratch, 'new', 'out');
    const result = value<Output<'files.checkOutputDir'>>(
      await t.call('files.checkOutputDir', { dir: `${dir}/` }),
    );
    expect(result).toEqual({ ok: true, dir, issues: [] });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('refuses /proc/x, a file used as a folder and a relative path, naming output.dir', async () => {
    const file = path.join(scratch, 'photo.jpg');
    writeFileSync(file, 'x');
    const check = async (dir: string) =>
      value<Output<'files.checkOutputDir'>>(await t.call('files.checkOutputDir', { dir }));
    for (const dir of ['/proc/x', path.join(file, 'out'), 'out']) {
      const result = await check(dir);
      expect(result.ok, dir).toBe(false);
      expect(result.issues[0]?.field).toBe('output.dir');
    }
    expect((await check('out')).issues[0]?.message).toContain('absolute');
    rmSync(file);
  });

  it("checks the folder a batch without one uses when given ''", async () => {
    const result = value<Output<'files.checkOutputDir'>>(
      await t.call('files.checkOutputDir', { dir: '' }),
    );
    expect(result).toEqual({ ok: true, dir: t.host.engine.defaultOutputDir(), issues: [] });
    const chosen = path.join(scratch, 'chosen');
    mkdirSync(chosen);
    value(await t.call('settings.set', { outputDir: chosen }));
    const withSetting = value<Output<'files.checkOutputDir'>>(
      await t.call('files.checkOutputDir', { dir: '' }),
    );
    expect(withSetting.dir).toBe(chosen);
    value(await t.call('settings.set', { outputDir: null }));
  });
});

describe('settings.confirmSpendAbove', () => {
  it('defaults to $10 and 1,000 credits, takes 0 for always ask, refuses a negative', async () => {
    const before = value<Output<'settings.get'>>(await t.call('settings.get', {}));
    expect(before.confirmSpendAbove).toEqual({ USD: 10, credits: 1000 });
    const after = value<Output<'settings.set'>>(
      await t.call('settings.set', { confirmSpendAbove: { USD: 0, credits: 250 } }),
    );
    expect(after.confirmSpendAbove).toEqual({ USD: 0, credits: 250 });
    const bad = await t.raw('settings.set', { confirmSpendAbove: { USD: -1, credits: 5 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.issues?.[0]).toEqual({
        field: 'confirmSpendAbove.USD',
        message: 'must be a number, 0 or more (0 means always ask)',
      });
    }
  });
});

describe('which history is open', () => {
  it('a live start on a home whose demo history holds a batch names it and its unfinished ones', async () => {
    const info = value<Output<'app.info'>>(await t.call('app.info', {}));
    expect(info).toMatchObject({
      demo: true,
      historyDir: path.join(t.home, 'demo'),
      otherHistory: null,
      canSwitchHistory: false,
    });
    // A paused batch in the demo history: unfinished, it waits for the demo history.
    const { batchId } = value<Output<'batch.create'>>(
      await t.call('batch.create', { spec: spec('Paused demo', ['a kite']) }),
    );
    value(await t.call('batch.pause', { batchId }));

    const switched: boolean[] = [];
    const live = await startTestHost({
      demo: 'off',
      home: mkdtempSync(path.join(tmpdir(), 'genloom-live-')),
      platform: { switchHistory: (demo) => switched.push(demo) },
    });
    try {
      // The same home as the demo host, through a second engine on its own database.
      const liveOnDemoHome = await startTestHost({ demo: 'off', home: t.home });
      const other = value<Output<'app.info'>>(await liveOnDemoHome.call('app.info', {}));
      expect(other).toMatchObject({ demo: false, historyDir: t.home });
      expect(other.otherHistory).toMatchObject({
        demo: true,
        dir: path.join(t.home, 'demo'),
        unfinished: 1,
      });
      expect(other.otherHistory?.batches).toBeGreaterThanOrEqual(2);
      await liveOnDemoHome.host.close();

      const answer = value<Output<'app.switchHistory'>>(
        await live.call('app.switchHistory', { demo: true }),
      );
      expect(answer).toEqual({ done: true, demo: true });
      // The answer comes before the restart.
      expect(switched).toEqual([]);
      await waitFor(() => (switched.length > 0 ? true : undefined), 'the switch');
      expect(switched).toEqual([true]);
    } finally {
      await live.close();
    }
  });

  it('a shell that cannot restart itself says how to switch instead', async () => {
    const refused = await t.call('app.switchHistory', { demo: false });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not_available', message: expect.stringContaining('start it again') },
    });
  });
});

// The delivery loop of a paid task: a write that fails is tried again with backoff, within a
// number of tries and a deadline, never in a busy loop; a cancel stops the retries; closing
// ends every wait at once. Real store, real files, real download code; only the runner's
// bookkeeping around `move` is left out.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttp, IMMEDIATE_RETRY } from '../http';
import type { Http } from '../http';
import { openStore } from '../store/index';
import type { Store } from '../store/index';
import { newBatch, newTask } from '../store/test-fixtures';
import { deliverTask } from './deliver';
import type { DeliverContext, DeliveryRetry } from './deliver';
import { Semaphore } from './semaphore';

let png: string;
let dir: string;
let store: Store;
let http: Http;

beforeAll(async () => {
  const buf = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#0f0' } })
    .png()
    .toBuffer();
  png = `data:image/png;base64,${buf.toString('base64')}`;
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-deliver-'));
  store = openStore(path.join(dir, 'genloom.db'));
  http = createHttp();
});
afterEach(async () => {
  store.close();
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A paid task waiting for its files: batch in `outDir`, one task downloading `outputs`. */
function paidTask(outDir: string, outputs = 1): string {
  store.batches.create(newBatch({ outDir, template: '{batch}/{seq}-{index}.{ext}' }));
  store.tasks.insertMany([newTask(1)]);
  store.tasks.transition('t1', ['queued'], 'submitting', {});
  store.tasks.transition('t1', ['submitting'], 'submitted', { remoteId: 'r1', submittedAt: 1 });
  store.tasks.transition('t1', ['submitted'], 'downloading', { actualCost: 5 });
  for (let idx = 0; idx < outputs; idx++) {
    store.outputs.insert({ taskId: 't1', idx, url: png, type: 'image' });
  }
  return 't1';
}

function context(): { ctx: DeliverContext; close: () => void; emitted: string[] } {
  const ac = new AbortController();
  const emitted: string[] = [];
  const ctx = {
    store,
    downloadSlots: new Semaphore(2),
    downloadHttp: http,
    signal: ac.signal,
    now: Date.now,
    closed: false,
    move: (id: string, from: readonly never[], to: 'succeeded' | 'failed', patch: object) =>
      store.tasks.transition(id, from, to, patch),
    emit: (name: string) => void emitted.push(name),
  } as unknown as DeliverContext & { closed: boolean };
  return {
    ctx,
    emitted,
    close: () => {
      ctx.closed = true;
      ac.abort();
    },
  };
}

const fast: DeliveryRetry = {
  tries: 4,
  baseDelayMs: 20,
  maxDelayMs: 100,
  deadlineMs: 10_000,
  cancelCheckMs: 10,
  download: IMMEDIATE_RETRY,
};

const retries = (): number =>
  store.events.list({ taskId: 't1' }).filter((e) => e.kind === 'output.retry').length;

/** Resolves once the delivery has failed `n` tries (checked every 5 ms, bounded). */
async function afterFailedTries(n: number): Promise<void> {
  for (let i = 0; i < 400 && retries() < n; i++) await new Promise((r) => setTimeout(r, 5));
  if (retries() < n) throw new Error(`only ${retries()} failed tries`);
}

describe('deliverTask retries a failed write with backoff', () => {
  it.runIf(existsSync('/proc/self'))(
    'an output folder that cannot take files (/proc/x) fails the task after its tries, without spinning',
    async () => {
      const { ctx } = context();
      paidTask('/proc/x');
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await deliverTask(ctx, 't1', fast);
      const cpu = process.cpuUsage(cpu0);
      expect(performance.now() - t0).toBeLessThan(3000);
      // Three waits of 20-80 ms: well under a second of CPU even on a slow machine.
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(1000);
      expect(retries()).toBe(fast.tries - 1);
      const task = store.tasks.get('t1');
      expect(task).toMatchObject({ state: 'failed', errorCode: 'io_error' });
      expect(task?.errorMessage).toMatch(/\/proc\/x/);
      expect(task?.errorMessage).toMatch(/gave up after 4 tries/);
      expect(store.outputs.listByTask('t1')[0]?.state).toBe('failed');
    },
    10_000,
  );

  it('a folder fixed between tries is delivered on a later try, at the planned name', async () => {
    const { ctx, emitted } = context();
    const root = path.join(dir, 'out');
    mkdirSync(root);
    // A file where the batch folder goes: the first try cannot create it.
    writeFileSync(path.join(root, 'Spring catalog'), 'in the way');
    paidTask(root);
    const delivery = deliverTask(ctx, 't1', { ...fast, baseDelayMs: 200, maxDelayMs: 200 });
    await afterFailedTries(1);
    rmSync(path.join(root, 'Spring catalog'));
    await delivery;
    expect(store.tasks.get('t1')).toMatchObject({ state: 'succeeded' });
    const [out] = store.outputs.listByTask('t1');
    expect(out).toMatchObject({
      state: 'done',
      path: path.join(root, 'Spring catalog', '1-1.png'),
    });
    expect(existsSync(`${out?.path ?? ''}.json`)).toBe(true);
    expect(emitted).toContain('output.downloaded');
  });

  /** A task whose output folder sits under a regular file; its first try has failed. */
  async function stuckDelivery(
    ctx: DeliverContext,
    over: Partial<DeliveryRetry> = {},
  ): Promise<{ delivery: Promise<void> }> {
    const file = path.join(dir, 'photo.jpg');
    writeFileSync(file, 'x');
    paidTask(path.join(file, 'out'));
    const delivery = deliverTask(ctx, 't1', {
      ...fast,
      tries: 50,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      deadlineMs: 600_000,
      ...over,
    });
    await afterFailedTries(1);
    // In an object: returned bare, the promise would be awaited along with this function.
    return { delivery };
  }

  it('stops retrying once the batch is canceled, and says so', async () => {
    const { ctx } = context();
    const { delivery } = await stuckDelivery(ctx);
    const t0 = performance.now();
    store.batches.setStatus('b1', 'canceled');
    await delivery;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(retries()).toBe(1);
    const task = store.tasks.get('t1');
    expect(task).toMatchObject({ state: 'failed', errorCode: 'io_error' });
    expect(task?.errorMessage).toMatch(/photo\.jpg is a file, not a folder/);
    expect(task?.errorMessage).toMatch(/stopped retrying: the batch was canceled/);
  });

  it('closing the runner ends a wait at once and leaves the task to resume', async () => {
    const { ctx, close } = context();
    const { delivery } = await stuckDelivery(ctx, { cancelCheckMs: 60_000 });
    const t0 = performance.now();
    close();
    await delivery;
    expect(performance.now() - t0).toBeLessThan(200);
    expect(store.tasks.get('t1')?.state).toBe('downloading');
    expect(store.outputs.listByTask('t1')[0]?.state).toBe('pending');
  });

  it('does not retry what cannot get better: an undecodable inline file fails at once', async () => {
    const { ctx } = context();
    paidTask(path.join(dir, 'out'));
    store.outputs.insert({ taskId: 't1', idx: 1, url: 'data:image/png;base64,@@', type: 'image' });
    await deliverTask(ctx, 't1', fast);
    expect(retries()).toBe(0);
    expect(store.tasks.get('t1')).toMatchObject({ state: 'failed', errorCode: 'inline_invalid' });
    // The good output of the same task is still saved.
    expect(store.outputs.listByTask('t1').map((o) => o.state)).toEqual(['done', 'failed']);
  });
});

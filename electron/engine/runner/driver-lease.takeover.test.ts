// When may a process take the driver lease from its holder? Only when the holder is proven
// gone (same host, pid gone or reused) or has been silent a long time as the taker itself
// observed it on its monotonic clock. A stall (SIGSTOP, a long GC, a laptop lid) or a wall-clock
// jump never hands the lease to a second driver. Real SQLite, two connections, one file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index';
import type { LeaseClaim, Store } from '../store/index';
import { DEFAULT_SILENCE_MS, DriverLease, processIdentity } from './driver-lease';
import type { DriverLeaseOptions } from './driver-lease';
import { EngineError } from './engine-error';

let dir: string;
let holderStore: Store;
let takerStore: Store;
const leases: DriverLease[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-takeover-'));
  holderStore = openStore(path.join(dir, 'genloom.db'));
  takerStore = openStore(path.join(dir, 'genloom.db'));
});
afterEach(() => {
  for (const l of leases.splice(0)) l.stop();
  holderStore.close();
  takerStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;

function lease(store: Store, opts: DriverLeaseOptions = {}): DriverLease {
  // No heartbeat ticks during a test: each one is driven by hand (renew) when wanted.
  const l = new DriverLease(store.lease, { heartbeatMs: 3_600_000, ...opts });
  leases.push(l);
  return l;
}

/** A lease row as another process would have written it. */
function plant(over: Partial<LeaseClaim>): void {
  const row: LeaseClaim = {
    owner: 'other-process',
    pid: 4242,
    hostname: 'render-box-7',
    startedAt: Date.now() - 120_000,
    heartbeatAt: Date.now(),
    ...over,
  };
  expect(holderStore.lease.acquire(row, () => true).ok).toBe(true);
}

function refusal(l: DriverLease): EngineError | null {
  try {
    l.ensure();
    return null;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
}

describe('taking the driver lease over', () => {
  it('never takes it from a live process on this host, however old its heartbeat (40 s)', () => {
    // The holder is this very process (another engine in it), frozen for 40 s.
    const holder = lease(holderStore, { now: () => Date.now() - 40_000 });
    holder.ensure();
    expect(holderStore.lease.get()?.pidIdentity).toBe(processIdentity(process.pid));
    let mono = 0;
    const taker = lease(takerStore, { monotonic: () => mono });
    expect(refusal(taker)?.code).toBe('db_busy');
    // Even a silence far past the limit: its pid lives and is the same process.
    mono += 2 * DEFAULT_SILENCE_MS;
    expect(refusal(taker)?.code).toBe('db_busy');
    expect(holder.verify()).toBe(true);
  });

  it('takes it at once from a dead pid on this host', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    plant({ hostname: os.hostname(), pid: dead, heartbeatAt: Date.now() });
    const taker = lease(takerStore);
    expect(refusal(taker)).toBeNull();
    expect(takerStore.lease.get()).toMatchObject({ owner: taker.owner, generation: 2 });
  });

  it('takes it at once when the pid lives but is another process now (pid reuse)', () => {
    plant({ hostname: os.hostname(), pid: process.pid, pidIdentity: 'an-earlier-boot/123' });
    const taker = lease(takerStore);
    expect(refusal(taker)).toBeNull();
    expect(takerStore.lease.get()?.owner).toBe(taker.owner);
  });

  it('takes it from another host only after a long silence it observed itself', () => {
    plant({ heartbeatAt: Date.now() - 3 * 24 * 60 * MINUTE });
    let mono = 1_000;
    const taker = lease(takerStore, { monotonic: () => mono });
    // Three days old by the wall clock proves nothing: clocks differ between hosts.
    expect(refusal(taker)?.code).toBe('db_busy');
    mono += 9 * MINUTE;
    expect(refusal(taker)?.code).toBe('db_busy');
    // It beats again: the silence starts over.
    expect(holderStore.lease.renew('other-process', Date.now())).toBe(true);
    mono += 1;
    expect(refusal(taker)?.code).toBe('db_busy');
    mono += DEFAULT_SILENCE_MS - 2;
    expect(refusal(taker)?.code).toBe('db_busy');
    mono += 2;
    expect(refusal(taker)).toBeNull();
    expect(takerStore.lease.get()).toMatchObject({ owner: taker.owner, generation: 2 });
  });

  it('a wall clock jumped an hour ahead does not make a live holder stale', () => {
    plant({ heartbeatAt: Date.now() });
    const taker = lease(takerStore, { now: () => Date.now() + 60 * MINUTE });
    expect(refusal(taker)?.code).toBe('db_busy');
    expect(taker.holder()?.owner).toBe('other-process');
  });

  it('the old holder learns of the takeover from its first refused write and stops', () => {
    const lost: string[] = [];
    const holder = lease(holderStore, { onLost: () => lost.push('lost') });
    holder.ensure();
    holderStore.batches.create({
      id: 'b1',
      name: 'b',
      provider: 'poyo',
      model: 'm',
      spec: {},
      outDir: '/tmp/out',
      template: '{index}.{ext}',
      collision: 'suffix',
      currency: 'credits',
    });
    holderStore.tasks.insertMany([
      {
        id: 't1',
        batchId: 'b1',
        seq: 1,
        provider: 'poyo',
        model: 'm',
        params: {},
        prompt: 'p',
        idempotencyKey: 'k1',
        state: 'submitting',
      },
    ]);
    // Judged gone (say it stalled past the silence on another host's watch): taken over.
    const taker = lease(takerStore, { isAlive: () => false });
    expect(refusal(taker)).toBeNull();
    // The stale holder's submit answer arrives late: refused, and the holder knows at once.
    const applied = holderStore.tasks.setSubmitted('t1', {
      remoteId: 'r-late',
      provider: 'poyo',
      model: 'm',
    });
    expect(applied).toBe(false);
    expect(lost).toEqual(['lost']);
    expect(holder.held).toBe(false);
    expect(refusal(holder)?.message).toMatch(/another one took over/);
    expect(takerStore.tasks.get('t1')).toMatchObject({ state: 'submitting', remoteId: null });
    // Its remote id is kept where the new holder can find it.
    const refusedWrite = takerStore.events.list({}).find((e) => e.kind === 'lease.write_refused');
    expect(refusedWrite).toMatchObject({ taskId: 't1', data: { remoteId: 'r-late' } });
  });
});

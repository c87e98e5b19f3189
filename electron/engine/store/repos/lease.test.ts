// The lease row and its fence, on a real SQLite file opened by two connections (two processes
// in production): after a takeover, every task and output write of the old holder changes
// nothing, and the old holder is told at once so it stops driving.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../connection';
import { migrate, schemaVersion } from '../migrate';
import { MIGRATIONS } from '../migrations';
import type { LeaseClaim, Store } from '../store-api';
import { newBatch, newTask } from '../test-fixtures';

let dir: string;
let a: Store;
let b: Store;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-fence-'));
  const file = path.join(dir, 'genloom.db');
  a = openStore(file);
  b = openStore(file);
  a.batches.create(newBatch());
  a.tasks.insertMany([newTask(1), newTask(2), newTask(3)]);
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

function claim(owner: string, over: Partial<LeaseClaim> = {}): LeaseClaim {
  return { owner, pid: 4242, hostname: 'render-box-7', startedAt: 1, heartbeatAt: 1, ...over };
}

/** Takes the lease for `store` (over anyone) and fences its writes with it. */
function drive(store: Store, owner: string, refused: string[]): number {
  const taken = store.lease.acquire(claim(owner), () => true);
  if (!taken.ok) throw new Error('lease refused');
  store.lease.setFence({ owner, generation: taken.generation }, () => refused.push(owner));
  return taken.generation;
}

describe('lease generation', () => {
  it('grows with every new owner, stays with a renewing owner, and survives a release', () => {
    expect(a.lease.acquire(claim('one'), () => false)).toMatchObject({ ok: true, generation: 1 });
    expect(a.lease.acquire(claim('one'), () => false)).toMatchObject({ ok: true, generation: 1 });
    expect(b.lease.acquire(claim('two'), () => false)).toMatchObject({ ok: false });
    expect(b.lease.acquire(claim('two'), () => true)).toMatchObject({ ok: true, generation: 2 });
    b.lease.release('two');
    expect(a.lease.get()).toBeUndefined();
    expect(a.lease.acquire(claim('three'), () => false)).toMatchObject({ ok: true, generation: 3 });
    expect(b.lease.get()).toMatchObject({ owner: 'three', generation: 3 });
  });

  it('a heartbeat always changes the row, even when the clock went backwards', () => {
    a.lease.acquire(claim('one', { heartbeatAt: 10_000 }), () => false);
    expect(a.lease.renew('one', 4_000)).toBe(true);
    const after = a.lease.get()?.heartbeatAt ?? 0;
    expect(after).toBeGreaterThan(10_000);
    expect(a.lease.renew('one', 20_000)).toBe(true);
    expect(a.lease.get()?.heartbeatAt).toBe(20_000);
    expect(a.lease.renew('other', 30_000)).toBe(false);
  });
});

describe('migration 0004', () => {
  it('keeps a lease held under version 3 as generation 1', () => {
    const file = path.join(dir, 'v3.db');
    const v3 = new Database(file);
    migrate(v3, MIGRATIONS.slice(0, 3));
    v3.prepare('INSERT INTO driver_lease VALUES (1, ?, ?, ?, ?, ?)').run(
      'old-engine',
      4242,
      'render-box-7',
      1,
      2,
    );
    v3.close();
    const v4 = openStore(file);
    try {
      expect(schemaVersion(v4.db)).toBe(MIGRATIONS.length);
      expect(v4.lease.get()).toEqual({
        owner: 'old-engine',
        pid: 4242,
        hostname: 'render-box-7',
        pidIdentity: null,
        startedAt: 1,
        heartbeatAt: 2,
        generation: 1,
      });
      expect(v4.lease.acquire(claim('next'), () => true)).toMatchObject({ generation: 2 });
    } finally {
      v4.close();
    }
  });
});

describe('fenced writes', () => {
  it("after a takeover the old holder's transitions, submits and outputs change nothing", () => {
    const refused: string[] = [];
    drive(a, 'old', refused);
    expect(a.tasks.transition('t1', ['queued'], 'submitting')).toBe(true);
    const out = a.outputs.insert({ taskId: 't3', idx: 0, url: 'http://x/0.png', type: 'image' });

    // Another process judged the old holder gone and took over.
    drive(b, 'new', refused);
    expect(b.lease.get()?.generation).toBe(2);

    // The old holder's late writes: refused, and it is told.
    expect(a.tasks.setSubmitted('t1', { remoteId: 'r-late', provider: 'poyo', model: 'm' })).toBe(
      false,
    );
    expect(a.tasks.transition('t2', ['queued'], 'submitting')).toBe(false);
    expect(a.tasks.transitionBatch('b1', ['queued'], 'canceled')).toBe(0);
    expect(() => a.outputs.setPath(out.id, '/tmp/out/a.png')).toThrow(/no longer drives/);
    expect(() =>
      a.outputs.markDone(out.id, { path: '/tmp/out/a.png', bytes: 1, sha256: 'ab' }),
    ).toThrow(/no longer drives/);
    expect(() => a.outputs.markFailed(out.id, 'late')).toThrow(/no longer drives/);
    expect(() =>
      a.outputs.insert({ taskId: 't3', idx: 1, url: 'http://x/1.png', type: 'image' }),
    ).toThrow(/outputs\.insert was refused/);
    // Nor can it mark the batch done or reopen it under the new driver.
    expect(a.batches.setStatus('b1', 'done')).toBe(false);
    expect(a.batches.setEstimatedCost('b1', 1)).toBe(false);
    expect(b.batches.get('b1')?.status).toBe('active');
    expect(refused.length).toBeGreaterThan(0);
    // The late submit's remote id is not lost: the event log (not fenced) keeps it.
    const kept = b.events.list({}).filter((e) => e.kind === 'lease.write_refused');
    expect(kept.map((e) => e.taskId)).toEqual(['t1', 't2', null]);
    expect(kept[0]?.data).toMatchObject({
      write: 'task.submitted',
      remoteId: 'r-late',
      owner: 'old',
      generation: 1,
    });
    expect(new Set(refused)).toEqual(new Set(['old']));

    // Nothing of it landed.
    expect(b.tasks.get('t1')).toMatchObject({ state: 'submitting', remoteId: null });
    expect(b.tasks.get('t2')?.state).toBe('queued');
    expect(b.tasks.get('t3')?.state).toBe('queued');
    expect(b.outputs.listByTask('t3')).toEqual([
      expect.objectContaining({ idx: 0, state: 'pending', path: null }),
    ]);

    // The new holder's writes apply.
    expect(b.tasks.setSubmitted('t1', { remoteId: 'r-1', provider: 'poyo', model: 'm' })).toBe(
      true,
    );
    b.outputs.markDone(out.id, { path: '/tmp/out/a.png', bytes: 1, sha256: 'ab' });
    expect(b.outputs.get(out.id)?.state).toBe('done');
    expect(refused).not.toContain('new');
  });

  it('a state-guard loss is not a lost lease, and a process that does not drive is not fenced', () => {
    const refused: string[] = [];
    drive(a, 'holder', refused);
    expect(a.tasks.transition('t1', ['queued'], 'submitting')).toBe(true);
    expect(a.tasks.transition('t1', ['queued'], 'submitting')).toBe(false);
    expect(refused).toEqual([]);
    // A reader (the CLI's history, a window that does not drive) sets no fence: its stop
    // actions still apply.
    expect(b.lease.fence()).toBeNull();
    expect(b.tasks.transitionBatch('b1', ['queued'], 'canceled')).toBe(2);
  });
});

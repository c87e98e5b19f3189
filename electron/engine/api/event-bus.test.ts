import { describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload, TaskUpdate } from '../../../shared/ipc/events';
import type { BatchSummary } from '../../../shared/ipc/views';
import { createEventBus } from './event-bus';

const update = (taskId: string, state: TaskUpdate['state'], at: number): TaskUpdate => ({
  taskId,
  batchId: 'b1',
  state,
  errorCode: null,
  errorMessage: null,
  actualCost: null,
  at,
});

function summary(status: BatchSummary['status'], succeeded: number): BatchSummary {
  return {
    id: 'b1',
    name: 'cats',
    provider: 'poyo',
    model: 'm',
    status,
    outDir: '/out',
    template: '{input}',
    collision: 'suffix',
    budget: null,
    currency: 'credits',
    estimatedCost: null,
    createdAt: 0,
    updatedAt: 0,
    counts: {
      queued: 0,
      submitting: 0,
      submitted: 0,
      running: 0,
      downloading: 0,
      succeeded,
      failed: 0,
      canceled: 0,
      unknown: 0,
    },
    total: 10_000,
    actualCost: 0,
    eta: null,
  };
}

function record() {
  const seen: { name: EventName; payload: EventPayload<EventName> }[] = [];
  return {
    seen,
    listener: <E extends EventName>(name: E, payload: EventPayload<E>) => {
      seen.push({ name, payload });
    },
  };
}

describe('coalescing event bus', () => {
  it('turns 10,000 task changes into one message holding the latest state of each task', () => {
    let summaries = 0;
    const bus = createEventBus({
      summarise: () => {
        summaries++;
        return summary('active', 0);
      },
    });
    const { seen, listener } = record();
    bus.subscribe(listener);
    for (let i = 0; i < 10_000; i++) {
      bus.taskUpdated(update(`t${i}`, 'submitted', i));
      bus.taskUpdated(update(`t${i}`, 'running', i + 1));
    }
    expect(seen).toHaveLength(0); // nothing is sent before the flush
    bus.flush();
    const names = seen.map((event) => event.name);
    expect(names).toEqual(['task.updated', 'batch.updated']);
    const tasks = (seen[0]?.payload as EventPayload<'task.updated'>).tasks;
    expect(tasks).toHaveLength(10_000);
    expect(tasks.every((task) => task.state === 'running')).toBe(true);
    expect(summaries).toBe(1); // one summary per touched batch, not per task
    bus.close();
  });

  it('flushes on its own after the interval, and stays silent when idle', () => {
    // Fake timers: the interval is exercised exactly, with no real sleep to race a busy CI.
    vi.useFakeTimers();
    try {
      const bus = createEventBus({ summarise: () => undefined, flushMs: 50 });
      const { seen, listener } = record();
      bus.subscribe(listener);
      bus.taskUpdated(update('t1', 'queued', 1));
      vi.advanceTimersByTime(49);
      expect(seen).toHaveLength(0); // still coalescing
      vi.advanceTimersByTime(1);
      expect(seen.map((event) => event.name)).toEqual(['task.updated']);
      vi.advanceTimersByTime(10_000);
      expect(seen).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0); // idle: no timer left running
      bus.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports the end of a batch once, when it moves from running to done', () => {
    let status: BatchSummary['status'] = 'active';
    const ended: string[] = [];
    const bus = createEventBus({
      summarise: () => summary(status, 3),
      onBatchEnded: (s) => ended.push(`${s.name}:${s.status}`),
    });
    bus.taskUpdated(update('t1', 'running', 1));
    bus.flush();
    status = 'done';
    bus.taskUpdated(update('t1', 'succeeded', 2));
    bus.flush();
    bus.batchTouched('b1');
    bus.flush();
    expect(ended).toEqual(['cats:done']);
    bus.close();
  });

  it('does not announce batches that were already over when first seen', () => {
    const ended: string[] = [];
    const bus = createEventBus({
      summarise: () => summary('done', 1),
      onBatchEnded: (s) => ended.push(s.id),
    });
    bus.batchTouched('b1');
    bus.flush();
    expect(ended).toEqual([]);
    bus.close();
  });

  it('keeps delivering when one listener throws, and stops after unsubscribe', () => {
    const bus = createEventBus({ summarise: () => undefined });
    const { seen, listener } = record();
    bus.subscribe(() => {
      throw new Error('window gone');
    });
    const unsubscribe = bus.subscribe(listener);
    bus.notificationShown({ title: 'a', body: 'b', batchId: null });
    unsubscribe();
    bus.notificationShown({ title: 'c', body: 'd', batchId: null });
    expect(seen).toHaveLength(1);
    bus.close();
  });
});

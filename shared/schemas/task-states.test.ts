import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index';
import { TASK_STATES } from '../store/types';
import { canTransition, legalSources, sourcesOf, TRANSITIONS } from './state-machine';

describe('task state machine', () => {
  it('walks the documented happy path', () => {
    const path = [
      'queued',
      'submitting',
      'submitted',
      'running',
      'downloading',
      'succeeded',
    ] as const;
    for (let i = 1; i < path.length; i++) {
      expect(canTransition(path[i - 1] as never, path[i] as never)).toBe(true);
    }
  });

  it('never leaves succeeded or canceled, and never resubmits a task holding a remote id', () => {
    expect(TRANSITIONS.succeeded).toEqual([]);
    expect(TRANSITIONS.canceled).toEqual([]);
    for (const from of ['submitted', 'running', 'downloading'] as const) {
      expect(canTransition(from, 'queued')).toBe(false);
      expect(canTransition(from, 'submitting')).toBe(false);
    }
  });

  it('lists every source of a state and refuses illegal moves', () => {
    expect(sourcesOf('unknown')).toEqual(['submitting']);
    expect(sourcesOf('canceled').sort()).toEqual(['queued', 'running', 'submitted', 'unknown']);
    expect(() => legalSources(['succeeded'], 'queued')).toThrow(/succeeded -> queued/);
    for (const s of TASK_STATES) expect(TRANSITIONS[s]).not.toContain(s);
  });

  it('is enforced by the store: a move from a state that is no longer current does not apply', () => {
    const store = openStore(':memory:');
    store.batches.create({
      id: 'b',
      name: 'b',
      provider: 'poyo',
      model: 'm',
      spec: {},
      outDir: '/tmp',
      template: 't',
      collision: 'suffix',
      currency: 'credits',
    });
    store.tasks.insertMany([
      {
        id: 't',
        batchId: 'b',
        seq: 1,
        provider: 'poyo',
        model: 'm',
        params: {},
        prompt: 'p',
        idempotencyKey: 'k',
      },
    ]);
    expect(store.tasks.transition('t', legalSources(['queued'], 'submitting'), 'submitting')).toBe(
      true,
    );
    // A second actor that still believes the task is queued loses.
    expect(store.tasks.transition('t', legalSources(['queued'], 'submitting'), 'submitting')).toBe(
      false,
    );
    expect(store.tasks.get('t')?.state).toBe('submitting');
    store.close();
  });
});

import { describe, expect, it } from 'vitest';
import { TASK_STATES } from '../ipc/views';
import {
  ACTIVE_STATES,
  canTransition,
  FINAL_STATES,
  OPEN_STATES,
  sourcesOf,
  SPENDING_STATES,
  TRANSITIONS,
} from './task-states';

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

  it('a task the provider may still run goes to unknown, never to failed at the gate of a 404', () => {
    expect(sourcesOf('unknown').sort()).toEqual(['running', 'submitted', 'submitting']);
    expect(sourcesOf('canceled').sort()).toEqual([
      'queued',
      'running',
      'submitted',
      'submitting',
      'unknown',
    ]);
    for (const s of TASK_STATES) expect(TRANSITIONS[s]).not.toContain(s);
  });

  it('defines each state group once, and the groups agree with each other', () => {
    for (const s of FINAL_STATES) expect(OPEN_STATES).not.toContain(s);
    expect([...OPEN_STATES, ...FINAL_STATES].sort()).toEqual([...TASK_STATES].sort());
    for (const s of ACTIVE_STATES) expect(SPENDING_STATES).toContain(s);
    expect(SPENDING_STATES).not.toContain('queued');
    expect(SPENDING_STATES).not.toContain('canceled');
  });
});

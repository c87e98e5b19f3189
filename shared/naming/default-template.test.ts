import { describe, expect, it } from 'vitest';
import {
  PER_INPUT_SEQ_TEMPLATE,
  TEXT_ONLY_TEMPLATE,
  defaultBatchName,
  shapeOfTasks,
  templateFor,
} from './default-template';
import { DEFAULT_TEMPLATE } from './template';

describe('the template that runs', () => {
  it('is the user template whenever one is given', () => {
    expect(templateFor('{model}/{seq}.{ext}', 'text-only')).toBe('{model}/{seq}.{ext}');
  });

  it('numbers text-only batches by task, not by a task id', () => {
    expect(shapeOfTasks(['', ''])).toBe('text-only');
    expect(templateFor(undefined, 'text-only')).toBe(TEXT_ONLY_TEMPLATE);
    expect(TEXT_ONLY_TEMPLATE).not.toContain('{task}');
  });

  it('adds {seq} when one input yields several tasks', () => {
    expect(shapeOfTasks(['/a.png', '/b.png', '/a.png'])).toBe('several-tasks-per-input');
    expect(templateFor(undefined, 'several-tasks-per-input')).toBe(PER_INPUT_SEQ_TEMPLATE);
  });

  it('keeps the plain default when each input yields one task', () => {
    expect(shapeOfTasks(['/a.png', '/b.png'])).toBe('one-task-per-input');
    expect(templateFor(undefined, 'one-task-per-input')).toBe(DEFAULT_TEMPLATE);
  });

  it('names an unnamed batch by model and local time', () => {
    expect(defaultBatchName('wan-2.7-image', new Date(2026, 2, 4, 9, 5, 7))).toBe(
      'wan-2.7-image-20260304-090507',
    );
  });
});

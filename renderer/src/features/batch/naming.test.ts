import { describe, expect, it } from 'vitest';
import { draftShape, namingPreview } from './naming';
import { INITIAL_DRAFT } from './draft-defaults';
import type { BatchDraft, InputFileView } from './types';

const image = (relPath: string): InputFileView => ({ path: `/in/${relPath}`, relPath, bytes: 1 });

function draft(patch: Partial<BatchDraft> = {}): BatchDraft {
  return { ...INITIAL_DRAFT, provider: 'poyo', model: 'wan-2.7-image', name: 'Lamps', ...patch };
}
const withInputs = (files: InputFileView[], extra: Partial<BatchDraft> = {}): BatchDraft =>
  draft({ inputs: { roots: ['/in'], recursive: true, together: false, files }, ...extra });
const now = new Date(2026, 2, 4, 9, 5, 7);

describe('the naming example is the template that runs', () => {
  it('numbers a text-only batch by task (never a task id)', () => {
    const preview = namingPreview(draft(), null, { tasks: 3, sample: [] }, now);
    expect(preview.template).toBe('{batch}/{seq:4}-{index}.{ext}');
    expect(preview.example).toEqual({ ok: true, value: 'Lamps/0001-1.png' });
  });

  it('adds {seq} when the dry run counts several tasks per input', () => {
    const state = withInputs([image('a.png'), image('b.png')]);
    const dry = { tasks: 4, sample: [{ inputs: ['a.png'] }, { inputs: ['a.png'] }] };
    expect(draftShape(state, dry)).toBe('several-tasks-per-input');
    expect(namingPreview(state, null, dry, now).example).toEqual({
      ok: true,
      value: 'Lamps/a-1-1.png',
    });
  });

  it('keeps {input}-{index} when each input makes one task', () => {
    const state = withInputs([image('sub/a.png'), image('b.png')]);
    const dry = { tasks: 2, sample: [{ inputs: ['sub/a.png'] }, { inputs: ['b.png'] }] };
    expect(namingPreview(state, null, dry, now).example).toEqual({
      ok: true,
      value: 'Lamps/sub/a-1.png',
    });
  });

  it('names the input as the engine does (the dry run), not as the scan listed it', () => {
    const state = withInputs([image('photos/a.png'), image('photos/b.png')]);
    const dry = { tasks: 2, sample: [{ inputs: ['a.png'] }, { inputs: ['b.png'] }] };
    expect(namingPreview(state, null, dry, now).example).toEqual({
      ok: true,
      value: 'Lamps/a-1.png',
    });
  });

  it('guesses from seeds before the dry run answers', () => {
    const state = withInputs([image('a.png')], {
      variations: { seeds: '1-3', repeat: '1', params: [] },
    });
    expect(draftShape(state, null)).toBe('several-tasks-per-input');
  });

  it('uses the typed template, else the settings default, over the engine default', () => {
    const typed = draft({
      output: { dir: '', template: '{model}/{seq}.{ext}', collision: 'suffix' },
    });
    expect(namingPreview(typed, '{batch}/x-{seq}.{ext}', null, now).example).toEqual({
      ok: true,
      value: 'wan-2.7-image/1.png',
    });
    expect(namingPreview(draft(), '{batch}/x-{seq}.{ext}', null, now).example).toEqual({
      ok: true,
      value: 'Lamps/x-1.png',
    });
  });

  it('shows the name an unnamed batch gets', () => {
    const preview = namingPreview(draft({ name: '' }), null, null, now);
    expect(preview.example).toEqual({
      ok: true,
      value: 'wan-2.7-image-20260304-090507/0001-1.png',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { INITIAL_DRAFT } from './draft-defaults';
import { MAX_SAVED_CHARS, parseSavedDraft, savedDraftOf, serializeDraft } from './draft-storage';
import type { BatchDraft } from './types';

const typed: BatchDraft = {
  ...INITIAL_DRAFT,
  name: 'Teapots',
  prompt: { ...INITIAL_DRAFT.prompt, text: 'a teapot {red|blue}' },
  inputs: {
    roots: ['/photos'],
    recursive: false,
    together: false,
    files: [{ path: '/photos/a.png', relPath: 'a.png', bytes: 10 }],
  },
  output: { dir: '/out', template: '', collision: 'skip' },
  budget: '50',
  touched: { budget: true },
};

describe('the saved batch draft', () => {
  it('comes back as typed, without the scanned files (they are scanned again)', () => {
    const back = parseSavedDraft(serializeDraft(typed));
    expect(back).toEqual(savedDraftOf(typed));
    expect(back?.inputs).toEqual({ roots: ['/photos'], recursive: false, together: false });
  });

  it('is dropped, not half-applied, when damaged or from another shape', () => {
    expect(parseSavedDraft(null)).toBeNull();
    expect(parseSavedDraft('{not json')).toBeNull();
    expect(
      parseSavedDraft(JSON.stringify({ ...savedDraftOf(typed), provider: 'acme' })),
    ).toBeNull();
  });

  it('is not kept when it is too large to store', () => {
    const huge = { ...typed, prompt: { ...typed.prompt, lines: 'x'.repeat(MAX_SAVED_CHARS) } };
    expect(serializeDraft(huge)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../shared/catalog/index';
import type { ModelEntry } from '../../../../shared/catalog/types';
import { paramsFromRaw } from './draft-params';
import { displayFields } from './field-display';

function model(provider: string, id: string): ModelEntry {
  const entry = findModel(provider, id);
  if (entry === undefined) throw new Error(`${provider}/${id} missing from the catalog`);
  return entry;
}

describe('fields as the form shows them', () => {
  it('shows one toggle for Modelverse’s two names of the same switch, and sends only it', () => {
    const entry = model('modelverse', 'wan2.7-image');
    const keys = displayFields(entry).map((hint) => hint.key);
    expect(keys).toContain('prompt_extend');
    expect(keys).not.toContain('thinking_mode');
    const shown = displayFields(entry).find((hint) => hint.key === 'prompt_extend');
    expect(shown?.label).toMatch(/Thinking mode/);
    expect(shown?.help).not.toMatch(/thinking_mode|prompt_extend/);
    const { params, errors } = paramsFromRaw(entry, { prompt_extend: true, thinking_mode: false });
    expect(errors).toEqual({});
    expect(params.prompt_extend).toBe(true);
    expect(params).not.toHaveProperty('thinking_mode');
  });

  it('says what Wan 2.5’s Audio takes: an audio file’s URL for the video', () => {
    const audio = displayFields(model('poyo', 'wan2.5-image-to-video')).find(
      (hint) => hint.key === 'audio',
    );
    expect(audio?.label).toMatch(/Audio for the video/);
    expect(audio?.help).toMatch(/audio file/);
  });
});

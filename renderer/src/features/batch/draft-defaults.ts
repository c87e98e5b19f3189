// The empty draft and each model's default parameter values: pure, so the store, the saved
// draft (draft-storage) and tests share them.
import { CATALOG } from '../../../../shared/catalog/index';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { BatchDraft, RawValue } from './types';

const first = CATALOG[0];

export function defaultsOf(provider: ProviderId, model: string): Record<string, RawValue> {
  const entry = CATALOG.find((e) => e.provider === provider && e.model === model);
  const raw: Record<string, RawValue> = {};
  for (const hint of entry?.fields ?? []) {
    if (hint.default === undefined) continue;
    raw[hint.key] = typeof hint.default === 'boolean' ? hint.default : String(hint.default);
  }
  return raw;
}

export const INITIAL_DRAFT: BatchDraft = {
  name: '',
  provider: first?.provider ?? 'poyo',
  model: first?.model ?? '',
  raw: first ? defaultsOf(first.provider, first.model) : {},
  touched: {},
  showAllErrors: false,
  inputs: { roots: [], recursive: true, together: false, files: [] },
  prompt: { mode: 'text', text: '', lines: '', file: '', fallback: '' },
  variations: { seeds: '', repeat: '1', params: [] },
  output: { dir: '', template: '', collision: 'suffix' },
  budget: '',
};

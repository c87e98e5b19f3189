// The batch draft kept across reloads: what the user typed (inputs as dropped, prompts,
// parameters, model, output folder, budget) in localStorage, one per Genloom home. What is
// read back is parsed like outside data: a draft from an older version or a damaged one is
// dropped, never half-applied. Scanned files are not kept: the dropped paths are scanned
// again on restore, so a file gone since then is said, not shown as if it were there.
import { z } from 'zod';
import { PROVIDER_IDS } from '../../../../shared/catalog/types';
import type { BatchDraft } from './types';

const PREFIX = 'genloom.draft.v1:';
/** A saved draft larger than this is not kept (a pasted prompt list of megabytes). */
export const MAX_SAVED_CHARS = 2_000_000;

export function draftKey(home: string): string {
  return `${PREFIX}${home}`;
}

const text = z.string().max(1_000_000);
const SavedDraftSchema = z.object({
  name: text,
  provider: z.enum(PROVIDER_IDS),
  model: text,
  raw: z.record(z.string(), z.union([z.string(), z.boolean()])),
  touched: z.record(z.string(), z.literal(true)),
  inputs: z.object({
    roots: z.array(z.string().max(4096)).max(10_000),
    recursive: z.boolean(),
    together: z.boolean(),
  }),
  prompt: z.object({
    mode: z.enum(['text', 'lines', 'list', 'csv', 'sidecar']),
    text,
    lines: text,
    file: text,
    fallback: text,
  }),
  variations: z.object({
    seeds: text,
    repeat: text,
    params: z.array(z.object({ key: text, values: text })).max(100),
  }),
  output: z.object({
    dir: text,
    template: text,
    collision: z.enum(['suffix', 'overwrite', 'skip']),
  }),
  budget: text,
});
export type SavedDraft = z.infer<typeof SavedDraftSchema>;

/** The part of the draft that is the user's own work. */
export function savedDraftOf(draft: BatchDraft): SavedDraft {
  return {
    name: draft.name,
    provider: draft.provider,
    model: draft.model,
    raw: draft.raw,
    touched: draft.touched,
    inputs: {
      roots: draft.inputs.roots,
      recursive: draft.inputs.recursive,
      together: draft.inputs.together,
    },
    prompt: draft.prompt,
    variations: draft.variations,
    output: draft.output,
    budget: draft.budget,
  };
}

/** The saved text for a draft; null when it is too large to keep. */
export function serializeDraft(draft: BatchDraft): string | null {
  const json = JSON.stringify(savedDraftOf(draft));
  return json.length > MAX_SAVED_CHARS ? null : json;
}

/** A saved draft read back; null when there is none or it does not parse. */
export function parseSavedDraft(json: string | null): SavedDraft | null {
  if (json === null || json.length > MAX_SAVED_CHARS) return null;
  try {
    const parsed = SavedDraftSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the draft holds anything worth keeping (an untouched form is not saved). */
export function isBlank(draft: SavedDraft, blank: SavedDraft): boolean {
  return JSON.stringify(draft) === JSON.stringify(blank);
}

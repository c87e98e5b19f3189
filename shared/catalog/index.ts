// The model catalog: every supported provider/model, lookup, validation and cost estimates.
import { APIXO_WAN_27_IMAGE } from './apixo-wan-27-image';
import { issuesFromZod } from './issues';
import { MODELVERSE_WAN_27_IMAGE, MODELVERSE_WAN_27_IMAGE_PRO } from './modelverse-wan-27-image';
import { POYO_SEEDREAM_50_LITE, POYO_SEEDREAM_50_LITE_EDIT } from './poyo-seedream-50-lite';
import { POYO_WAN_25_I2V } from './poyo-wan-25-i2v';
import { POYO_WAN_27_IMAGE, POYO_WAN_27_IMAGE_PRO } from './poyo-wan-27-image';
import { PROVIDER_IDS } from './types';
import type { CostEstimate, ModelEntry, ValidationResult } from './types';

export { formatIssues } from './issues';
export { formatCost } from './cost';
export { pollingFor } from './polling';
export { describeModel } from './describe';
export type { ModelInfo } from './describe';

export const CATALOG: readonly ModelEntry[] = [
  POYO_WAN_27_IMAGE,
  POYO_WAN_27_IMAGE_PRO,
  POYO_WAN_25_I2V,
  POYO_SEEDREAM_50_LITE,
  POYO_SEEDREAM_50_LITE_EDIT,
  APIXO_WAN_27_IMAGE,
  MODELVERSE_WAN_27_IMAGE,
  MODELVERSE_WAN_27_IMAGE_PRO,
];

/** "provider/model", the id shown to users and used in `models --json`. */
export function modelId(entry: Pick<ModelEntry, 'provider' | 'model'>): string {
  return `${entry.provider}/${entry.model}`;
}

export function findModel(provider: string, model: string): ModelEntry | undefined {
  return CATALOG.find((entry) => entry.provider === provider && entry.model === model);
}

export function modelsOf(provider: string): readonly ModelEntry[] {
  return CATALOG.filter((entry) => entry.provider === provider);
}

/**
 * Validates a request for provider/model. Never throws: an unknown provider or model is an
 * issue on `provider` or `model` that lists what exists.
 */
export function validateInput(provider: string, model: string, input: unknown): ValidationResult {
  if (!(PROVIDER_IDS as readonly string[]).includes(provider)) {
    return {
      ok: false,
      issues: [
        {
          field: 'provider',
          message: `unknown provider ${JSON.stringify(provider)}, known providers: ${PROVIDER_IDS.join(', ')}`,
        },
      ],
    };
  }
  const entry = findModel(provider, model);
  if (entry === undefined) {
    const known = modelsOf(provider).map((candidate) => candidate.model);
    return {
      ok: false,
      issues: [
        {
          field: 'model',
          message: `unknown model ${JSON.stringify(model)} for ${provider}, it offers: ${known.join(', ')}`,
        },
      ],
    };
  }
  const parsed = entry.schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: issuesFromZod(parsed.error) };
}

/** The price of one request. Meant for validated input; absent fields take their defaults. */
export function estimateCost(entry: ModelEntry, input: Record<string, unknown>): CostEstimate {
  return entry.price(input);
}

// App settings the renderer can read and change. Never API keys: those live in the key vault.
import { z } from 'zod';
import { PROVIDER_IDS } from '../catalog/types';
import { COLLISION_VALUES } from '../schemas/batch';

const concurrency = z
  .number({ error: 'must be a whole number from 1 to 64' })
  .int({ error: 'must be a whole number from 1 to 64' })
  .min(1, { error: 'must be a whole number from 1 to 64' })
  .max(64, { error: 'must be a whole number from 1 to 64' });

// The same rule a batch's own budget has (shared/schemas/batch.ts), so a default always fits.
const budget = z
  .number({ error: 'must be a number above 0' })
  .positive({ error: 'must be a number above 0' })
  .max(1e9, { error: 'must be at most 1000000000' });

export const BUDGET_CURRENCIES = ['credits', 'USD'] as const;

const spendLimit = z
  .number({ error: 'must be a number, 0 or more (0 means always ask)' })
  .min(0, { error: 'must be a number, 0 or more (0 means always ask)' })
  .max(1e9, { error: 'must be at most 1000000000' });

export const PRESET_NAME_MAX = 60;
export const PRESETS_MAX = 200;

/** How two preset names compare: the same model may not hold "Portrait" and " portrait". */
export function presetNameKey(name: string): string {
  return name.trim().toLowerCase();
}

const presetName = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(PRESET_NAME_MAX, { error: `must be at most ${PRESET_NAME_MAX} characters` });

/**
 * A named set of one model's parameters (the catalog input without prompt and images). The
 * params are checked against the model's catalog rules when applied, not here: a catalog
 * update must not make the whole settings record unreadable.
 */
export const PresetSchema = z.strictObject({
  id: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(64, { error: 'must be at most 64 characters' }),
  name: presetName,
  provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(', ')}` }),
  model: z.string().min(1, { error: 'must name a model' }),
  params: z.record(z.string(), z.json({ error: 'must be JSON values' })),
});
export type Preset = z.infer<typeof PresetSchema>;

const presets = z
  .array(PresetSchema, { error: 'must be a list of presets' })
  .max(PRESETS_MAX, { error: `must hold at most ${PRESETS_MAX} presets` })
  .superRefine((list, ctx) => {
    const names = new Set<string>();
    const ids = new Set<string>();
    list.forEach((preset, index) => {
      const key = `${preset.provider}/${preset.model}/${presetNameKey(preset.name)}`;
      if (names.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `must be unique for ${preset.provider}/${preset.model} ("${preset.name}" is taken)`,
        });
      }
      if (ids.has(preset.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'must be unique' });
      }
      names.add(key);
      ids.add(preset.id);
    });
  });

export const SettingsSchema = z.strictObject({
  /** Default output folder; null means <home>/outputs. */
  outputDir: z.string().min(1, { error: 'must be a folder path' }).nullable(),
  /** Default naming template; null means the engine's default. */
  template: z.string().min(1, { error: 'must not be empty' }).nullable(),
  collision: z.enum(COLLISION_VALUES, { error: `must be one of ${COLLISION_VALUES.join(', ')}` }),
  /** In-flight tasks per provider; absent means the provider's default. */
  concurrency: z.partialRecord(z.enum(PROVIDER_IDS), concurrency),
  /**
   * The budget cap a new batch starts with, per currency (models price in credits or US
   * dollars); absent means no cap. The batch form can still change or clear it.
   */
  defaultBudget: z.partialRecord(z.enum(BUDGET_CURRENCIES), budget),
  /**
   * Ask before starting a batch whose estimate is above this, per currency; 0 means always
   * ask. Both currencies are always present (a patch replaces the pair).
   */
  confirmSpendAbove: z.strictObject({ USD: spendLimit, credits: spendLimit }),
  /** An OS notification when a batch ends. */
  notifications: z.boolean({ error: 'must be true or false' }),
  theme: z.enum(['system', 'light', 'dark'], { error: 'must be one of system, light, dark' }),
  /** Named parameter presets of the batch builder, per provider and model. */
  presets,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  outputDir: null,
  template: null,
  collision: 'suffix',
  concurrency: {},
  defaultBudget: {},
  confirmSpendAbove: { USD: 10, credits: 1000 },
  notifications: true,
  theme: 'system',
  presets: [],
};

/** A partial update: only the fields given change. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

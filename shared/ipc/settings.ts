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
  /** An OS notification when a batch ends. */
  notifications: z.boolean({ error: 'must be true or false' }),
  theme: z.enum(['system', 'light', 'dark'], { error: 'must be one of system, light, dark' }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  outputDir: null,
  template: null,
  collision: 'suffix',
  concurrency: {},
  defaultBudget: {},
  notifications: true,
  theme: 'system',
};

/** A partial update: only the fields given change. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

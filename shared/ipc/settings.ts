// App settings the renderer can read and change. Never API keys: those live in the key vault.
import { z } from 'zod';
import { PROVIDER_IDS } from '../catalog/types';
import { COLLISION_VALUES } from '../schemas/batch';

const concurrency = z
  .number({ error: 'must be a whole number from 1 to 64' })
  .int({ error: 'must be a whole number from 1 to 64' })
  .min(1, { error: 'must be a whole number from 1 to 64' })
  .max(64, { error: 'must be a whole number from 1 to 64' });

export const SettingsSchema = z.strictObject({
  /** Default output folder; null means <home>/outputs. */
  outputDir: z.string().min(1, { error: 'must be a folder path' }).nullable(),
  /** Default naming template; null means the engine's default. */
  template: z.string().min(1, { error: 'must not be empty' }).nullable(),
  collision: z.enum(COLLISION_VALUES, { error: `must be one of ${COLLISION_VALUES.join(', ')}` }),
  /** In-flight tasks per provider; absent means the provider's default. */
  concurrency: z.partialRecord(z.enum(PROVIDER_IDS), concurrency),
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
  notifications: true,
  theme: 'system',
};

/** A partial update: only the fields given change. */
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

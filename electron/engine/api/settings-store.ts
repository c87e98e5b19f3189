// App settings on top of the store's settings table (one row per field, under `app.`), read
// back through the schema: a stored value that no longer fits falls back to its default.
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../shared/ipc/settings';
import type { Settings, SettingsPatch } from '../../../shared/ipc/settings';
import type { SettingsRepo } from '../store/store-api';

const FIELDS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];
const key = (field: string): string => `app.${field}`;

export function readSettings(repo: SettingsRepo): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const field of FIELDS) {
    const stored = repo.get(key(field));
    if (stored === undefined) continue;
    const checked = SettingsSchema.shape[field].safeParse(stored);
    if (checked.success) out[field] = checked.data;
  }
  return SettingsSchema.parse(out);
}

export function writeSettings(repo: SettingsRepo, patch: SettingsPatch): Settings {
  for (const field of FIELDS) {
    if (field in patch && patch[field] !== undefined) repo.set(key(field), patch[field]);
  }
  return readSettings(repo);
}

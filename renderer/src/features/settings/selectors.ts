// Plain functions for the settings page: raw text to a settings patch with per-field errors,
// using the same zod rules main applies.
import { contract } from '../../../../shared/ipc/contract';
import { SettingsPatchSchema } from '../../../../shared/ipc/settings';
import type { Settings, SettingsPatch } from '../../../../shared/ipc/settings';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { ProviderStatus } from '../../../../shared/ipc/views';

export type Theme = Settings['theme'];

/** The run defaults as typed; each saved on blur when valid. */
export interface SettingsDraft {
  outputDir: string;
  template: string;
  concurrency: Partial<Record<ProviderId, string>>;
}

export function draftFromSettings(settings: Settings): SettingsDraft {
  const concurrency: Partial<Record<ProviderId, string>> = {};
  for (const [provider, value] of Object.entries(settings.concurrency)) {
    concurrency[provider as ProviderId] = String(value);
  }
  return { outputDir: settings.outputDir ?? '', template: settings.template ?? '', concurrency };
}

export type PatchResult =
  { ok: true; patch: SettingsPatch } | { ok: false; errors: Record<string, string> };

/** One field of the draft as a patch; '' means "back to the default" (null / absent). */
export function patchFor(
  draft: SettingsDraft,
  field: 'outputDir' | 'template' | `concurrency.${ProviderId}`,
  current: Settings,
): PatchResult {
  let patch: SettingsPatch;
  if (field === 'outputDir' || field === 'template') {
    const text = draft[field].trim();
    patch = { [field]: text === '' ? null : text };
  } else {
    const provider = field.slice('concurrency.'.length) as ProviderId;
    const text = (draft.concurrency[provider] ?? '').trim();
    const others = Object.fromEntries(
      Object.entries(current.concurrency).filter(([key]) => key !== provider),
    );
    // Text that is not a number goes to the schema as is, so its rule words the error.
    const value: unknown = /^\d+$/.test(text) ? Number(text) : text;
    patch = {
      concurrency: text === '' ? others : { ...others, [provider]: value },
    } as SettingsPatch;
  }
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (parsed.success) return { ok: true, patch: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[field] ??= issue.message;
  return { ok: false, errors };
}

const keyInput = contract['provider.setKey'].input.shape;

/** The API key rule main applies, for an error before anything is sent. */
export function keyProblem(key: string): string | null {
  const parsed = keyInput.apiKey.safeParse(key);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not a valid key');
}

export function baseUrlProblem(url: string): string | null {
  if (url.trim() === '') return null;
  const parsed = keyInput.baseUrl.safeParse(url.trim());
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not a valid URL');
}

/** "Set (OS keychain)", "From the environment", "Not set". */
export function keyStatusText(status: ProviderStatus): string {
  if (!status.configured) return 'Not set';
  switch (status.source) {
    case 'env':
      return 'Set from the environment';
    case 'demo':
      return 'Demo mode (simulator)';
    default:
      return `Set · ${status.protectionLabel}`;
  }
}

/** The theme to paint: "system" follows the OS preference. */
export function resolvedTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}

// Plain functions for the settings page: raw text to a settings patch with per-field errors,
// using the same zod rules main applies.
import { contract } from '../../../../shared/ipc/contract';
import { DEFAULT_SETTINGS, SettingsPatchSchema } from '../../../../shared/ipc/settings';
import type { BUDGET_CURRENCIES } from '../../../../shared/ipc/settings';
import type { Settings, SettingsPatch } from '../../../../shared/ipc/settings';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { ProviderStatus } from '../../../../shared/ipc/views';
import { DEFAULT_BASE_URLS, PROVIDER_LABELS } from '../../lib/providers';

export type Theme = Settings['theme'];
export type BudgetCurrency = (typeof BUDGET_CURRENCIES)[number];
export type DraftField =
  | 'outputDir'
  | 'template'
  | `concurrency.${ProviderId}`
  | `defaultBudget.${BudgetCurrency}`
  | `confirmSpendAbove.${BudgetCurrency}`;

/** The run defaults as typed; each saved on blur when valid. */
export interface SettingsDraft {
  outputDir: string;
  template: string;
  concurrency: Partial<Record<ProviderId, string>>;
  defaultBudget: Partial<Record<BudgetCurrency, string>>;
  /** Ask before a batch may cost more than this; both currencies always hold a value. */
  confirmSpendAbove: Record<BudgetCurrency, string>;
}

function asText<K extends string>(values: Partial<Record<K, number>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(values) as [K, number][]) out[key] = String(value);
  return out;
}

export function draftFromSettings(settings: Settings): SettingsDraft {
  return {
    outputDir: settings.outputDir ?? '',
    template: settings.template ?? '',
    concurrency: asText(settings.concurrency),
    defaultBudget: asText(settings.defaultBudget),
    confirmSpendAbove: {
      USD: String(settings.confirmSpendAbove.USD),
      credits: String(settings.confirmSpendAbove.credits),
    },
  };
}

/**
 * One entry of a per-key record as typed: '' removes it; a number replaces it; other text goes
 * to the schema as is, so its rule words the error.
 */
function recordPatch(
  current: Readonly<Record<string, number | undefined>>,
  key: string,
  text: string,
  pattern: RegExp,
): Record<string, unknown> {
  const others = Object.fromEntries(Object.entries(current).filter(([k]) => k !== key));
  const value: unknown = pattern.test(text) ? Number(text) : text;
  return text === '' ? others : { ...others, [key]: value };
}

export type PatchResult =
  { ok: true; patch: SettingsPatch } | { ok: false; errors: Record<string, string> };

/** One field of the draft as a patch; '' means "back to the default" (null / absent). */
export function patchFor(draft: SettingsDraft, field: DraftField, current: Settings): PatchResult {
  let patch: SettingsPatch;
  if (field === 'outputDir' || field === 'template') {
    const text = draft[field].trim();
    patch = { [field]: text === '' ? null : text };
  } else if (field.startsWith('concurrency.')) {
    const provider = field.slice('concurrency.'.length) as ProviderId;
    const text = (draft.concurrency[provider] ?? '').trim();
    patch = {
      concurrency: recordPatch(current.concurrency, provider, text, /^\d+$/),
    } as SettingsPatch;
  } else if (field.startsWith('confirmSpendAbove.')) {
    const currency = field.slice('confirmSpendAbove.'.length) as BudgetCurrency;
    const text = draft.confirmSpendAbove[currency].trim();
    // Empty goes back to the default; the pair is written whole (the schema wants both).
    const value: unknown =
      text === ''
        ? DEFAULT_SETTINGS.confirmSpendAbove[currency]
        : /^\d+(\.\d+)?$/.test(text)
          ? Number(text)
          : text;
    patch = {
      confirmSpendAbove: { ...current.confirmSpendAbove, [currency]: value },
    } as SettingsPatch;
  } else {
    const currency = field.slice('defaultBudget.'.length) as BudgetCurrency;
    const text = (draft.defaultBudget[currency] ?? '').trim();
    patch = {
      defaultBudget: recordPatch(current.defaultBudget, currency, text, /^\d+(\.\d+)?$/),
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

const baseUrlInput = contract['provider.setBaseUrl'].input.shape.baseUrl;

/** The rule provider.setBaseUrl applies ('' is allowed: back to the default). */
export function baseUrlProblem(url: string): string | null {
  const parsed = baseUrlInput.safeParse(url);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not a valid URL');
}

/** What a key action ended in, shown beside the provider's buttons. */
export type KeyResult = { tone: 'ok' | 'danger' | 'info'; message: string };

function originText(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * What to say after a base URL was saved. Main removes a saved key whose base URL moved (a key
 * goes only to the address it was saved for), and a key from the environment only goes to its
 * own host: when the change cost the provider its key, say so and ask for it again.
 */
export function baseUrlSavedResult(
  before: ProviderStatus | undefined,
  after: ProviderStatus,
  typed: string,
): KeyResult {
  const saved = typed.trim() === '' ? 'Base URL back to the default.' : 'Base URL saved.';
  const name = PROVIDER_LABELS[after.provider];
  if (before?.configured && !after.configured) {
    if (before.source === 'vault') {
      return {
        tone: 'danger',
        message: `${saved} The saved ${name} key was removed: a key is only sent to the address it was saved for. Enter the ${name} key again to use ${after.baseUrl}.`,
      };
    }
    if (before.source === 'env') {
      return {
        tone: 'danger',
        message: `${saved} The ${name} key from the environment is not sent to ${originText(after.baseUrl)}: it only goes to its own base URL host.`,
      };
    }
  }
  return { tone: 'ok', message: saved };
}

/** The hint under the base URL field: the default, and what a change does to the key. */
export function baseUrlHint(status: ProviderStatus): string {
  const fallback = `Empty: ${DEFAULT_BASE_URLS[status.provider]}.`;
  if (status.configured && status.source === 'vault') {
    return `${fallback} Saving a different URL removes the saved key; you then enter it again for the new address.`;
  }
  if (status.configured && status.source === 'env') {
    return `${fallback} The key from the environment is only sent to its own base URL host.`;
  }
  return fallback;
}

/** The theme to paint: "system" follows the OS preference. */
export function resolvedTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}

// Settings: a cache of main's settings and provider status. Keys go one way (to main) and are
// never read back: the key field empties after saving. Moving a base URL can cost a provider
// its saved key (main binds each key to its address); the result says so and asks again.
import { create } from 'zustand';
import type { ProviderId } from '../../../../shared/catalog/types';
import type { Preset, Settings, SettingsPatch } from '../../../../shared/ipc/settings';
import type { ProviderStatus } from '../../../../shared/ipc/views';
import { toast } from '../../components/toast-store';
import { omit } from '../../lib/records';
import { request } from '../../lib/request';
import {
  baseUrlProblem,
  baseUrlSavedResult,
  draftFromSettings,
  keyProblem,
  patchFor,
} from './selectors';
import type { DraftField, KeyResult, SettingsDraft, Theme } from './selectors';

const THEME_CACHE = 'genloom.theme';

const DEMO_KEY_SAVED =
  'Key saved for live runs. Demo mode goes on until you open the live history (Settings, History) or start Genloom again.';

/** Paints the theme now; cached so the next start paints it before main answers. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_CACHE, theme);
  } catch {
    // Storage may be off (private window): the theme still applies for this session.
  }
}

export function cachedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_CACHE);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export interface KeyDraft {
  key: string;
  baseUrl: string;
}

export type { KeyResult } from './selectors';

interface SettingsState {
  settings: Settings | null;
  home: string | null;
  providers: ProviderStatus[];
  demo: boolean;
  draft: SettingsDraft;
  errors: Record<string, string>;
  keyDrafts: Partial<Record<ProviderId, KeyDraft>>;
  keyErrors: Record<string, string>;
  keyResults: Partial<Record<ProviderId, KeyResult>>;
  busy: Record<string, true>;
  load: () => Promise<void>;
  setHome: (home: string) => void;
  editDraft: (patch: Partial<SettingsDraft>) => void;
  commit: (field: DraftField) => Promise<void>;
  save: (patch: SettingsPatch) => Promise<void>;
  /** Replaces the preset list; answers main's refusal in words, or null when saved. */
  savePresets: (presets: Preset[]) => Promise<string | null>;
  editKey: (provider: ProviderId, patch: Partial<KeyDraft>) => void;
  saveKey: (provider: ProviderId) => Promise<void>;
  /** Saves the typed base URL alone (the key stays); empty goes back to the default. */
  saveBaseUrl: (provider: ProviderId) => Promise<void>;
  testKey: (provider: ProviderId) => Promise<void>;
  clearKey: (provider: ProviderId) => Promise<void>;
}

function withBusy(key: string, on: boolean) {
  return (state: SettingsState) => {
    return { busy: on ? { ...state.busy, [key]: true as const } : omit(state.busy, key) };
  };
}

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  home: null,
  providers: [],
  demo: false,
  draft: {
    outputDir: '',
    template: '',
    concurrency: {},
    defaultBudget: {},
    confirmSpendAbove: { USD: '', credits: '' },
  },
  errors: {},
  keyDrafts: {},
  keyErrors: {},
  keyResults: {},
  busy: {},

  load: async () => {
    const [settings, status] = await Promise.all([
      request('settings.get', {}),
      request('provider.status', {}),
    ]);
    if (settings.ok) {
      applyTheme(settings.value.theme);
      set({ settings: settings.value, draft: draftFromSettings(settings.value) });
    }
    if (status.ok) set({ providers: status.value.providers, demo: status.value.demo });
  },
  setHome: (home) => set({ home }),

  editDraft: (patch) => set((state) => ({ draft: { ...state.draft, ...patch } })),

  commit: async (field) => {
    const { settings, draft } = get();
    if (settings === null) return;
    const result = patchFor(draft, field, settings);
    if (!result.ok) {
      set((state) => ({ errors: { ...state.errors, ...result.errors } }));
      return;
    }
    set((state) => ({ errors: omit(state.errors, field) }));
    await get().save(result.patch);
  },

  save: async (patch) => {
    if (patch.theme !== undefined) applyTheme(patch.theme);
    const result = await request('settings.set', patch);
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const issue of result.issues) errors[issue.field] = issue.message;
      set((state) => ({ errors: { ...state.errors, ...errors } }));
      toast('danger', 'Settings not saved', result.message);
      return;
    }
    // The draft keeps what the user typed; only the saved copy follows main.
    set({ settings: result.value });
    applyTheme(result.value.theme);
  },

  savePresets: async (presets) => {
    const result = await request('settings.set', { presets });
    if (!result.ok) return result.message;
    set({ settings: result.value });
    return null;
  },

  editKey: (provider, patch) =>
    set((state) => {
      const current = state.keyDrafts[provider] ?? { key: '', baseUrl: '' };
      const keyErrors = omit(omit(state.keyErrors, `${provider}.key`), `${provider}.baseUrl`);
      return { keyDrafts: { ...state.keyDrafts, [provider]: { ...current, ...patch } }, keyErrors };
    }),

  saveKey: async (provider) => {
    const draft = get().keyDrafts[provider] ?? { key: '', baseUrl: '' };
    const keyError = keyProblem(draft.key);
    if (keyError !== null) {
      set((state) => ({ keyErrors: { ...state.keyErrors, [`${provider}.key`]: keyError } }));
      return;
    }
    set(withBusy(`${provider}:save`, true));
    // The key alone: the base URL has its own Save and stays as it is.
    const result = await request('provider.setKey', { provider, apiKey: draft.key.trim() });
    set(withBusy(`${provider}:save`, false));
    if (!result.ok) {
      set((state) => ({
        keyResults: {
          ...state.keyResults,
          [provider]: { tone: 'danger', message: result.message },
        },
      }));
      return;
    }
    set((state) => ({
      providers: state.providers.map((p) => (p.provider === provider ? result.value : p)),
      // The key leaves the page: the field empties and the key is never shown again.
      keyDrafts: { ...state.keyDrafts, [provider]: { key: '', baseUrl: draft.baseUrl } },
      keyResults: {
        ...state.keyResults,
        [provider]: state.demo
          ? { tone: 'info', message: DEMO_KEY_SAVED }
          : { tone: 'ok', message: 'Key saved.' },
      },
    }));
  },

  saveBaseUrl: async (provider) => {
    const typed = (get().keyDrafts[provider]?.baseUrl ?? '').trim();
    const problem = baseUrlProblem(typed);
    if (problem !== null) {
      set((state) => ({ keyErrors: { ...state.keyErrors, [`${provider}.baseUrl`]: problem } }));
      return;
    }
    set(withBusy(`${provider}:url`, true));
    const before = get().providers.find((p) => p.provider === provider);
    const result = await request('provider.setBaseUrl', { provider, baseUrl: typed });
    set(withBusy(`${provider}:url`, false));
    const outcome: KeyResult = result.ok
      ? baseUrlSavedResult(before, result.value, typed)
      : { tone: 'danger', message: result.message };
    set((state) => ({
      providers: result.ok
        ? state.providers.map((p) => (p.provider === provider ? result.value : p))
        : state.providers,
      keyErrors: result.ok
        ? state.keyErrors
        : { ...state.keyErrors, [`${provider}.baseUrl`]: result.message },
      keyResults: { ...state.keyResults, [provider]: outcome },
    }));
  },

  testKey: async (provider) => {
    const draft = get().keyDrafts[provider];
    const typed = draft?.key.trim() ?? '';
    if (typed !== '') {
      const problem = keyProblem(typed);
      if (problem !== null) {
        set((state) => ({ keyErrors: { ...state.keyErrors, [`${provider}.key`]: problem } }));
        return;
      }
    }
    set(withBusy(`${provider}:test`, true));
    const url = draft?.baseUrl.trim() ?? '';
    const result = await request('provider.testKey', {
      provider,
      ...(typed !== '' ? { apiKey: typed } : {}),
      ...(url !== '' && baseUrlProblem(url) === null ? { baseUrl: url } : {}),
    });
    set(withBusy(`${provider}:test`, false));
    // In demo mode the test went to the simulator: information, not a verdict on the key.
    const outcome: KeyResult = result.ok
      ? {
          tone: get().demo ? 'info' : result.value.working ? 'ok' : 'danger',
          message: result.value.message,
        }
      : { tone: 'danger', message: result.message };
    set((state) => ({ keyResults: { ...state.keyResults, [provider]: outcome } }));
  },

  clearKey: async (provider) => {
    set(withBusy(`${provider}:clear`, true));
    const result = await request('provider.clearKey', { provider });
    set(withBusy(`${provider}:clear`, false));
    if (!result.ok) {
      set((state) => ({
        keyResults: {
          ...state.keyResults,
          [provider]: { tone: 'danger', message: result.message },
        },
      }));
      return;
    }
    set((state) => ({
      providers: state.providers.map((p) => (p.provider === provider ? result.value : p)),
      keyResults: { ...state.keyResults, [provider]: { tone: 'info', message: 'Key removed.' } },
    }));
  },
}));

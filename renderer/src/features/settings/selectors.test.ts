import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/ipc/settings';
import type { ProviderStatus } from '../../../../shared/ipc/views';
import {
  baseUrlHint,
  baseUrlProblem,
  baseUrlSavedResult,
  draftFromSettings,
  keyProblem,
  patchFor,
  resolvedTheme,
} from './selectors';

describe('the spend confirmation threshold', () => {
  const settings = { ...DEFAULT_SETTINGS };

  it('saves one currency of the pair, 0 for always ask, empty back to the default', () => {
    const draft = draftFromSettings(settings);
    expect(draft.confirmSpendAbove).toEqual({ USD: '10', credits: '1000' });
    const typed = { ...draft, confirmSpendAbove: { USD: '25.5', credits: '1000' } };
    expect(patchFor(typed, 'confirmSpendAbove.USD', settings)).toEqual({
      ok: true,
      patch: { confirmSpendAbove: { USD: 25.5, credits: 1000 } },
    });
    const zero = { ...draft, confirmSpendAbove: { USD: '10', credits: '0' } };
    expect(patchFor(zero, 'confirmSpendAbove.credits', settings)).toEqual({
      ok: true,
      patch: { confirmSpendAbove: { USD: 10, credits: 0 } },
    });
    const current = { ...settings, confirmSpendAbove: { USD: 3, credits: 50 } };
    const cleared = { ...draft, confirmSpendAbove: { USD: '', credits: '50' } };
    expect(patchFor(cleared, 'confirmSpendAbove.USD', current)).toEqual({
      ok: true,
      patch: { confirmSpendAbove: { USD: 10, credits: 50 } },
    });
  });

  it('names the rule for a negative or non-number', () => {
    const draft = draftFromSettings(settings);
    expect(
      patchFor(
        { ...draft, confirmSpendAbove: { USD: '-5', credits: '1000' } },
        'confirmSpendAbove.USD',
        settings,
      ),
    ).toEqual({
      ok: false,
      errors: { 'confirmSpendAbove.USD': 'must be a number, 0 or more (0 means always ask)' },
    });
    expect(
      patchFor(
        { ...draft, confirmSpendAbove: { USD: 'ten', credits: '1000' } },
        'confirmSpendAbove.USD',
        settings,
      ).ok,
    ).toBe(false);
  });
});

describe('settings patches', () => {
  const settings = { ...DEFAULT_SETTINGS, concurrency: { poyo: 4 } };

  it('saves typed values and clears to the default when emptied', () => {
    const draft = draftFromSettings(settings);
    expect(draft.concurrency.poyo).toBe('4');
    expect(patchFor({ ...draft, outputDir: ' /out ' }, 'outputDir', settings)).toEqual({
      ok: true,
      patch: { outputDir: '/out' },
    });
    expect(patchFor({ ...draft, template: '' }, 'template', settings)).toEqual({
      ok: true,
      patch: { template: null },
    });
    expect(patchFor({ ...draft, concurrency: { poyo: '' } }, 'concurrency.poyo', settings)).toEqual(
      { ok: true, patch: { concurrency: {} } },
    );
  });

  it('names the rule main would apply and keeps the typed text', () => {
    const draft = { ...draftFromSettings(settings), concurrency: { apixo: '100' } };
    expect(patchFor(draft, 'concurrency.apixo', settings)).toEqual({
      ok: false,
      errors: { 'concurrency.apixo': 'must be a whole number from 1 to 64' },
    });
    expect(draft.concurrency.apixo).toBe('100');
    expect(
      patchFor({ ...draft, concurrency: { apixo: 'many' } }, 'concurrency.apixo', settings),
    ).toMatchObject({ ok: false });
  });
});

describe('default budget', () => {
  const settings = { ...DEFAULT_SETTINGS, defaultBudget: { credits: 500 } };

  it('saves a cap per currency and removes it when emptied', () => {
    const draft = draftFromSettings(settings);
    expect(draft.defaultBudget).toEqual({ credits: '500' });
    expect(
      patchFor(
        { ...draft, defaultBudget: { credits: '500', USD: ' 2.5 ' } },
        'defaultBudget.USD',
        settings,
      ),
    ).toEqual({ ok: true, patch: { defaultBudget: { credits: 500, USD: 2.5 } } });
    expect(
      patchFor({ ...draft, defaultBudget: { credits: '' } }, 'defaultBudget.credits', settings),
    ).toEqual({ ok: true, patch: { defaultBudget: {} } });
  });

  it('names the rule for a cap that is not above 0', () => {
    const draft = draftFromSettings(settings);
    for (const text of ['0', '-3', 'lots']) {
      expect(
        patchFor({ ...draft, defaultBudget: { credits: text } }, 'defaultBudget.credits', settings),
        text,
      ).toEqual({ ok: false, errors: { 'defaultBudget.credits': 'must be a number above 0' } });
    }
  });
});

describe('keys', () => {
  it('checks keys and base URLs with the contract rules before sending', () => {
    expect(keyProblem('short')).toBe('must be at least 8 characters (paste the whole key)');
    expect(keyProblem('has a space in it')).toBe('must not contain spaces or line breaks');
    expect(keyProblem('sk-0123456789abcdef')).toBeNull();
    expect(baseUrlProblem('')).toBeNull();
    expect(baseUrlProblem('ftp://x')).toMatch(/http\(s\) URL/);
    expect(baseUrlProblem('https://api.poyo.ai')).toBeNull();
    expect(baseUrlProblem('  ')).toBeNull(); // back to the default
    expect(baseUrlProblem('api.poyo.ai')).toMatch(/or empty for the default/);
  });

  const vaultKey: ProviderStatus = {
    provider: 'poyo',
    configured: true,
    source: 'vault',
    protection: 'os',
    protectionLabel: 'OS keychain',
    baseUrl: 'https://api.poyo.ai',
    note: null,
  };
  const noKey: ProviderStatus = {
    ...vaultKey,
    configured: false,
    source: null,
    protection: null,
    protectionLabel: 'no key set',
    baseUrl: 'https://proxy.example.com/poyo',
    note: 'the saved PoYo key was removed when the base URL changed',
  };

  it('says in plain words when saving a base URL removed the saved key, and asks for it', () => {
    expect(baseUrlSavedResult(vaultKey, noKey, 'https://proxy.example.com/poyo')).toEqual({
      tone: 'danger',
      message:
        'Base URL saved. The saved PoYo key was removed: a key is only sent to the address it was saved for. Enter the PoYo key again to use https://proxy.example.com/poyo.',
    });
    expect(baseUrlSavedResult(vaultKey, vaultKey, 'https://api.poyo.ai')).toEqual({
      tone: 'ok',
      message: 'Base URL saved.',
    });
    expect(baseUrlSavedResult(noKey, { ...noKey, baseUrl: 'https://api.poyo.ai' }, '')).toEqual({
      tone: 'ok',
      message: 'Base URL back to the default.',
    });
    const envKey: ProviderStatus = { ...vaultKey, source: 'env', protection: 'env' };
    expect(baseUrlSavedResult(envKey, noKey, 'https://proxy.example.com/poyo')).toEqual({
      tone: 'danger',
      message:
        'Base URL saved. The PoYo key from the environment is not sent to https://proxy.example.com: it only goes to its own base URL host.',
    });
  });

  it('warns beside the base URL field what saving another one does to the key', () => {
    expect(baseUrlHint(vaultKey)).toBe(
      'Empty: https://api.poyo.ai. Saving a different URL removes the saved key; you then enter it again for the new address.',
    );
    expect(baseUrlHint({ ...vaultKey, source: 'env' })).toBe(
      'Empty: https://api.poyo.ai. The key from the environment is only sent to its own base URL host.',
    );
    expect(baseUrlHint(noKey)).toBe('Empty: https://api.poyo.ai.');
  });

  it('follows the system theme only when asked to', () => {
    expect(resolvedTheme('system', true)).toBe('dark');
    expect(resolvedTheme('light', true)).toBe('light');
  });
});

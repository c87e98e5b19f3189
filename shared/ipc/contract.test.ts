// The contract's rules for the channels and URL forms the gallery and settings rely on.
import { describe, expect, it } from 'vitest';
import { CHANNELS, contract } from './contract';
import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema } from './settings';

describe('history.window', () => {
  const input = contract['history.window'].input;

  it('takes the search filters with a position, and fills in the defaults', () => {
    expect(input.parse({})).toEqual({ offset: 0, limit: 100 });
    expect(input.parse({ provider: 'poyo', text: 'fox', offset: 50_000, limit: 500 })).toEqual({
      provider: 'poyo',
      text: 'fox',
      offset: 50_000,
      limit: 500,
    });
  });

  it('refuses a bad position or size and a cursor, naming the rule', () => {
    const message = (value: unknown) => {
      const parsed = input.safeParse(value);
      return parsed.success ? null : parsed.error.issues[0]?.message;
    };
    expect(message({ offset: -1 })).toBe('must be a whole number, 0 or more');
    expect(message({ offset: 2.5 })).toBe('must be a whole number, 0 or more');
    expect(message({ limit: 501 })).toBe('must be a whole number from 1 to 500');
    expect(input.safeParse({ cursor: 'abc' }).success).toBe(false);
  });

  it('is a channel the preload allows', () => {
    expect(CHANNELS).toContain('history.window');
    expect(CHANNELS).toContain('provider.setBaseUrl');
  });
});

describe('provider.setBaseUrl', () => {
  const input = contract['provider.setBaseUrl'].input;

  it('takes an http(s) URL, or empty/null for the default', () => {
    expect(input.parse({ provider: 'poyo', baseUrl: ' https://proxy.example/v1 ' })).toEqual({
      provider: 'poyo',
      baseUrl: 'https://proxy.example/v1',
    });
    expect(input.parse({ provider: 'poyo', baseUrl: '' }).baseUrl).toBe('');
    expect(input.parse({ provider: 'poyo', baseUrl: null }).baseUrl).toBeNull();
  });

  it('sends a key over plain http only to this machine', () => {
    const refused = input.safeParse({ provider: 'poyo', baseUrl: 'http://api.poyo.ai' });
    expect(refused.success).toBe(false);
    if (!refused.success) expect(refused.error.issues[0]?.message).toMatch(/must use https/);
    for (const ok of ['https://api.poyo.ai', 'http://127.0.0.1:8787', 'http://localhost:1']) {
      expect(input.safeParse({ provider: 'poyo', baseUrl: ok }).success, ok).toBe(true);
    }
  });

  it('refuses other schemes, and never takes a key', () => {
    for (const baseUrl of ['ftp://x.example', 'file:///etc/passwd', 'api.poyo.ai']) {
      const parsed = input.safeParse({ provider: 'poyo', baseUrl });
      expect(parsed.success, baseUrl).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]?.message).toMatch(/http\(s\) URL/);
    }
    expect(input.safeParse({ provider: 'poyo', baseUrl: '', apiKey: 'sk-123456789' }).success).toBe(
      false,
    );
  });
});

describe('settings.defaultBudget', () => {
  it('defaults to no cap, and takes a positive cap per currency', () => {
    expect(DEFAULT_SETTINGS.defaultBudget).toEqual({});
    expect(SettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(SettingsPatchSchema.parse({ defaultBudget: { credits: 100, USD: 2.5 } })).toEqual({
      defaultBudget: { credits: 100, USD: 2.5 },
    });
    const bad = SettingsPatchSchema.safeParse({ defaultBudget: { USD: 0 } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.message).toBe('must be a number above 0');
    expect(SettingsPatchSchema.safeParse({ defaultBudget: { EUR: 5 } }).success).toBe(false);
  });
});

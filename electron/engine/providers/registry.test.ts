import { describe, expect, it } from 'vitest';
import { Http } from '../http';
import { createClient, providerConfigFromEnv, secretsOf } from './registry';

describe('providerConfigFromEnv', () => {
  it('lists only providers with a key, with the documented default base URLs', () => {
    expect(
      providerConfigFromEnv({
        GENLOOM_POYO_API_KEY: 'pk',
        GENLOOM_APIXO_API_KEY: ' ak ',
        GENLOOM_MODELVERSE_API_KEY: '',
      }),
    ).toEqual({
      poyo: { apiKey: 'pk', baseUrl: 'https://api.poyo.ai' },
      apixo: { apiKey: 'ak', baseUrl: 'https://api.apixo.ai/api/v1' },
    });
  });

  it('takes base URL overrides without the trailing slash, and the Modelverse mode', () => {
    const cfg = providerConfigFromEnv({
      GENLOOM_MODELVERSE_API_KEY: 'mk',
      GENLOOM_MODELVERSE_BASE_URL: 'http://127.0.0.1:9999/',
      GENLOOM_MODELVERSE_MODE: 'sync',
    });
    expect(cfg.modelverse).toEqual({
      apiKey: 'mk',
      baseUrl: 'http://127.0.0.1:9999',
      mode: 'sync',
    });
  });

  it('names the variable and the rule when a value is wrong', () => {
    expect(() =>
      providerConfigFromEnv({ GENLOOM_POYO_API_KEY: 'k', GENLOOM_POYO_BASE_URL: 'ftp://x' }),
    ).toThrow(/GENLOOM_POYO_BASE_URL must start with http:\/\/ or https:\/\//);
    expect(() => providerConfigFromEnv({ GENLOOM_MODELVERSE_MODE: 'fast' })).toThrow(
      /GENLOOM_MODELVERSE_MODE must be "async" or "sync"/,
    );
  });

  it('collects the keys the HTTP layer must scrub', () => {
    expect(
      secretsOf(providerConfigFromEnv({ GENLOOM_POYO_API_KEY: 'a', GENLOOM_APIXO_API_KEY: 'b' })),
    ).toEqual(['a', 'b']);
  });
});

describe('createClient', () => {
  it('builds each client behind the one interface, with its idempotency and abilities', async () => {
    const http = new Http();
    const cfg = { apiKey: 'k', baseUrl: 'http://127.0.0.1:1' };
    const poyo = createClient('poyo', cfg, { http });
    const apixo = createClient('apixo', cfg, { http });
    const mv = createClient('modelverse', { ...cfg, mode: 'sync' }, { http });
    expect([poyo.id, poyo.idempotentSubmit, typeof poyo.upload, typeof poyo.balance]).toEqual([
      'poyo',
      true,
      'function',
      'function',
    ]);
    expect([apixo.id, apixo.idempotentSubmit, apixo.upload, typeof apixo.balance]).toEqual([
      'apixo',
      false,
      undefined,
      'function',
    ]);
    expect([mv.id, mv.idempotentSubmit, mv.upload, mv.balance]).toEqual([
      'modelverse',
      false,
      undefined,
      undefined,
    ]);
    expect((mv as { mode?: string }).mode).toBe('sync');
    await http.close();
  });
});

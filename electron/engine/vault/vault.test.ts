import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalKeyCipher } from './cipher';
import type { KeyCipher } from './cipher';
import { clearSecrets, createLogger, redact, redactError, redactValue } from './redact';
import { createVault } from './vault';

const KEY = 'sk-live-9f8e7d6c5b4a3210';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'genloom-vault-'));
  clearSecrets();
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const localVault = (env: Record<string, string> = {}) =>
  createVault({
    file: path.join(home, 'keys.json'),
    cipher: createLocalKeyCipher(path.join(home, 'vault.key')),
    env,
  });

describe('key vault', () => {
  it('stores a key as ciphertext, reads it back only through resolve()', () => {
    const vault = localVault();
    const status = vault.setKey('poyo', KEY);
    expect(status).toMatchObject({ configured: true, source: 'vault', protection: 'local-key' });
    expect(JSON.stringify(status)).not.toContain(KEY);
    const file = readFileSync(path.join(home, 'keys.json'), 'utf8');
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(vault.resolve('poyo')).toEqual({ apiKey: KEY, baseUrl: 'https://api.poyo.ai' });
  });

  it('labels the local-key fallback as not OS-protected', () => {
    const status = localVault().setKey('apixo', KEY);
    expect(status.protectionLabel).toMatch(/not OS-protected/);
  });

  it('writes the vault and its key file readable by the owner only', () => {
    localVault().setKey('poyo', KEY);
    if (process.platform === 'win32') return;
    expect(statSync(path.join(home, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(home, 'vault.key')).mode & 0o777).toBe(0o600);
  });

  it('clears a key', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY);
    expect(vault.clearKey('poyo')).toMatchObject({ configured: false, source: null });
    expect(vault.resolve('poyo')).toBeUndefined();
    expect(readFileSync(path.join(home, 'keys.json'), 'utf8')).not.toContain('poyo');
  });

  it('falls back to the environment, and a saved key wins over it', () => {
    const vault = localVault({
      GENLOOM_APIXO_API_KEY: 'env-key-123456',
      GENLOOM_APIXO_BASE_URL: 'http://127.0.0.1:9/api/v1/',
    });
    expect(vault.status('apixo')).toMatchObject({
      source: 'env',
      baseUrl: 'http://127.0.0.1:9/api/v1',
    });
    expect(vault.resolve('apixo')?.apiKey).toBe('env-key-123456');
    vault.setKey('apixo', KEY);
    expect(vault.resolve('apixo')?.apiKey).toBe(KEY);
    expect(vault.hasAnyKey()).toBe(true);
  });

  it('says so when a key saved with the OS keychain cannot be read here', () => {
    const os: KeyCipher = {
      kind: 'os',
      encrypt: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
      decrypt: (data) => Buffer.from([...data].reverse()).toString(),
    };
    createVault({ file: path.join(home, 'keys.json'), cipher: os }).setKey('poyo', KEY);
    const bridge = localVault();
    expect(bridge.resolve('poyo')).toBeUndefined();
    const status = bridge.status('poyo');
    expect(status.configured).toBe(false);
    expect(status.note).toMatch(/OS keychain/);
    expect(bridge.hasAnyKey()).toBe(false);
  });

  it('refuses a vault file encrypted with another local key', () => {
    localVault().setKey('poyo', KEY);
    writeFileSync(path.join(home, 'vault.key'), Buffer.alloc(32, 7));
    const vault = localVault();
    expect(vault.resolve('poyo')).toBeUndefined();
    expect(vault.status('poyo').note).toMatch(/cannot be decrypted/);
  });

  it('points every provider at the simulator in demo mode', () => {
    const vault = localVault();
    vault.setDemo({ poyo: { apiKey: 'sim-poyo-key', baseUrl: 'http://127.0.0.1:1' } });
    expect(vault.status('poyo')).toMatchObject({ source: 'demo', configured: true });
    expect(vault.resolve('poyo')?.baseUrl).toBe('http://127.0.0.1:1');
    expect(vault.isDemo()).toBe(true);
  });

  it('removes the saved key when the base URL moves to another address, and says why', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY);
    const file = path.join(home, 'keys.json');
    // The same address again changes nothing.
    expect(vault.setBaseUrl('poyo', 'https://api.poyo.ai/')).toMatchObject({
      configured: true,
      source: 'vault',
    });
    const moved = vault.setBaseUrl('poyo', 'https://collector.example/v1');
    expect(moved).toMatchObject({
      configured: false,
      source: null,
      baseUrl: 'https://collector.example/v1',
    });
    expect(moved.note).toMatch(
      /^the saved PoYo key was removed when the base URL changed to https:\/\/collector\.example\/v1 on .+: a key is only sent to the address it was saved for; check the base URL, then enter the key again$/,
    );
    expect(vault.resolve('poyo')).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8')).providers.poyo).toBeUndefined();
    // A fresh vault (the next start) still says why the key is gone.
    expect(localVault().status('poyo').note).toBe(moved.note);
    // Back to the default: still no key, and still the note until a key is saved.
    expect(vault.setBaseUrl('poyo', null)).toMatchObject({ configured: false });
    const saved = vault.setKey('poyo', 'sk-another-key-1234');
    expect(saved).toMatchObject({ configured: true, note: null });
    expect(vault.resolve('poyo')).toEqual({
      apiKey: 'sk-another-key-1234',
      baseUrl: 'https://api.poyo.ai',
    });
  });

  it('keeps a key saved together with its base URL, and removes it when moved back', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY, 'http://127.0.0.1:8123/');
    expect(vault.resolve('poyo')).toEqual({ apiKey: KEY, baseUrl: 'http://127.0.0.1:8123' });
    expect(localVault().resolve('poyo')).toEqual({ apiKey: KEY, baseUrl: 'http://127.0.0.1:8123' });
    expect(vault.setBaseUrl('poyo', null)).toMatchObject({
      configured: false,
      baseUrl: 'https://api.poyo.ai',
    });
    expect(vault.resolve('poyo')).toBeUndefined();
  });

  it('never sends a saved key to another origin, however the base URL got there', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY);
    const file = path.join(home, 'keys.json');
    // An edited file (or an older Genloom) points the provider elsewhere behind the vault's back.
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.baseUrls = { poyo: 'https://collector.example' };
    writeFileSync(file, JSON.stringify(data));
    expect(vault.resolve('poyo')).toBeUndefined();
    const status = vault.status('poyo');
    expect(status).toMatchObject({ configured: false, baseUrl: 'https://collector.example' });
    expect(status.note).toBe(
      'the saved PoYo key was saved for https://api.poyo.ai and is not sent to https://collector.example; set the base URL back, or enter the key again for this address',
    );
    // A key is there, withheld: the app starts for real (not in demo mode) and says why.
    expect(vault.hasAnyKey()).toBe(true);
    // Another path on the same origin is the same host: the key goes there.
    data.baseUrls = { poyo: 'https://api.poyo.ai/v2' };
    writeFileSync(file, JSON.stringify(data));
    expect(vault.resolve('poyo')).toEqual({ apiKey: KEY, baseUrl: 'https://api.poyo.ai/v2' });
  });

  it('binds a key from an older vault file to its own URL, not to a base URL set in Settings', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY);
    const file = path.join(home, 'keys.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    delete data.providers.poyo.savedFor;
    data.baseUrls = { poyo: 'https://collector.example' };
    writeFileSync(file, JSON.stringify(data));
    expect(vault.resolve('poyo')).toBeUndefined();
    data.baseUrls = {};
    data.providers.poyo.baseUrl = 'http://127.0.0.1:7000';
    writeFileSync(file, JSON.stringify(data));
    expect(vault.resolve('poyo')).toEqual({ apiKey: KEY, baseUrl: 'http://127.0.0.1:7000' });
  });

  it('sends a key from the environment only to its own base URL host', () => {
    const vault = localVault({
      GENLOOM_APIXO_API_KEY: 'env-key-123456',
      GENLOOM_APIXO_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    // Another path on the environment's host: allowed.
    vault.setBaseUrl('apixo', 'http://127.0.0.1:9/api/v2');
    expect(vault.resolve('apixo')).toEqual({
      apiKey: 'env-key-123456',
      baseUrl: 'http://127.0.0.1:9/api/v2',
    });
    // Another host: the environment's key does not follow.
    const moved = vault.setBaseUrl('apixo', 'https://proxy.example.com/apixo');
    expect(vault.resolve('apixo')).toBeUndefined();
    expect(moved).toMatchObject({ configured: false, source: null });
    expect(moved.note).toBe(
      'the key from GENLOOM_APIXO_API_KEY is only sent to http://127.0.0.1:9 (GENLOOM_APIXO_BASE_URL), not to https://proxy.example.com; set the base URL back, or change GENLOOM_APIXO_BASE_URL',
    );
    expect(vault.setBaseUrl('apixo', null)).toMatchObject({
      source: 'env',
      configured: true,
      baseUrl: 'http://127.0.0.1:9/api/v1',
    });
    expect(vault.resolve('apixo')?.apiKey).toBe('env-key-123456');
    // Nothing about a key was written for it.
    expect(JSON.parse(readFileSync(path.join(home, 'keys.json'), 'utf8')).providers).toEqual({});
  });

  it('reads the base URL an older vault file saved with the key', () => {
    const vault = localVault();
    vault.setKey('poyo', KEY);
    const file = path.join(home, 'keys.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.providers.poyo.baseUrl = 'http://127.0.0.1:7000';
    delete data.providers.poyo.savedFor;
    delete data.baseUrls;
    writeFileSync(file, JSON.stringify(data));
    expect(vault.resolve('poyo')?.baseUrl).toBe('http://127.0.0.1:7000');
    // Back to the default is another address: the key saved for 127.0.0.1:7000 goes.
    expect(vault.setBaseUrl('poyo', null)).toMatchObject({
      baseUrl: 'https://api.poyo.ai',
      configured: false,
    });
  });

  it('reports an unreadable vault file as an error naming the file', () => {
    writeFileSync(path.join(home, 'keys.json'), '{"version": 2}');
    expect(() => localVault().status('poyo')).toThrow(/unknown layout/);
  });
});

describe('redaction', () => {
  it('masks every key the vault has seen, in text, errors and structured data', () => {
    localVault().setKey('poyo', KEY);
    expect(redact(`request failed with key ${KEY}`)).toBe('request failed with key [redacted]');
    expect(redactError(new Error(`401 for ${KEY}`))).toBe('401 for [redacted]');
    // Header-like keys are masked whatever their value; the known key wherever it appears.
    expect(redactValue({ headers: { authorization: 'Basic dXNlcg==' }, note: KEY })).toEqual({
      headers: { authorization: '[redacted]' },
      note: '[redacted]',
    });
  });

  it('masks a key that was percent-encoded into a URL', () => {
    // A key with characters a URL encodes: its encoded form differs from the key itself.
    const key = 'ak/live+9f8e=7d6c';
    localVault().setKey('apixo', key);
    const url = `https://api.example/v1?key=${encodeURIComponent(key)}`;
    expect(url).not.toContain(key);
    expect(redactError(new Error(`401 for ${url}`))).toBe(
      '401 for https://api.example/v1?key=[redacted]',
    );
  });

  it('masks bearer tokens it was never told about', () => {
    expect(redact('Authorization: Bearer abcdefghijkl')).toBe('Authorization: Bearer [redacted]');
  });

  it('keeps keys out of log lines', () => {
    const lines: string[] = [];
    const log = createLogger('test', (line) => lines.push(line));
    localVault({ GENLOOM_MODELVERSE_API_KEY: 'mv-env-secret-42' });
    log.error('failed with mv-env-secret-42', { apiKey: 'anything', detail: 'mv-env-secret-42' });
    expect(lines.join('\n')).not.toContain('mv-env-secret-42');
    expect(lines.join('\n')).not.toContain('anything');
  });
});

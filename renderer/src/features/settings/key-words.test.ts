// What Settings says about a provider's key (issue 10, #13 and the wording finding): a key is
// "saved" only when the user saved one, demo mode says so, and a key kept only in a local
// file never wears the reassuring colour.
import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../../../shared/ipc/views';
import { canClearKey, keyBadge, keyHint, keyWarning } from './key-words';

const base: ProviderStatus = {
  provider: 'apixo',
  configured: false,
  source: null,
  protection: null,
  protectionLabel: 'no key set',
  baseUrl: 'https://api.apixo.ai/api/v1',
  note: null,
};
const demo = (liveKey: ProviderStatus['liveKey']): ProviderStatus => ({
  ...base,
  configured: true,
  source: 'demo',
  protection: 'demo',
  protectionLabel: 'demo key for the built-in simulator',
  liveKey,
});
const saved = (protection: 'os' | 'local-key'): ProviderStatus => ({
  ...base,
  configured: true,
  source: 'vault',
  protection,
  protectionLabel: protection,
});
const noLiveKey = { configured: false, source: null, protection: null } as const;
const liveLocal = { configured: true, source: 'vault', protection: 'local-key' } as const;

describe('key words', () => {
  it('does not say a key is saved in demo mode before one was entered', () => {
    expect(keyHint(demo(noLiveKey))).not.toMatch(/key is saved/i);
    expect(keyHint(demo(noLiveKey))).toBe(
      'Demo mode needs no key. A key you save here is used when Genloom runs live.',
    );
    expect(keyBadge(demo(noLiveKey))).toEqual({ text: 'Demo mode (simulator)', tone: 'neutral' });
    expect(canClearKey(demo(noLiveKey))).toBe(false);
  });

  it('says a key saved in demo mode waits for live runs, and offers Clear', () => {
    expect(keyHint(demo(liveLocal))).toBe(
      'Your key is saved for live runs (demo mode uses the simulator). Type a new one to replace it.',
    );
    expect(keyBadge(demo(liveLocal)).text).toBe('Demo mode · your key saved for live runs');
    expect(canClearKey(demo(liveLocal))).toBe(true);
  });

  it('gives the weaker protection a warning colour and plain words', () => {
    expect(keyBadge(saved('os'))).toEqual({ text: 'Saved · system keychain', tone: 'ok' });
    const local = keyBadge(saved('local-key'));
    expect(local.tone).toBe('warn');
    expect(local.text).toBe('Saved · not protected by the system keychain');
    expect(keyWarning(saved('local-key'))).toMatch(/anyone who can read your files/);
    expect(keyWarning(demo(liveLocal))).toMatch(/anyone who can read your files/);
    expect(keyWarning(saved('os'))).toBeNull();
  });

  it('uses no internal names', () => {
    const texts = [
      keyHint(base),
      keyHint(saved('os')),
      keyHint(demo(noLiveKey)),
      keyWarning(saved('local-key')) ?? '',
    ];
    for (const text of texts) expect(text).not.toMatch(/\bmain\b|OS-protected|vault/);
    expect(keyHint(base)).toBe('Kept encrypted on this computer; never shown again.');
  });
});

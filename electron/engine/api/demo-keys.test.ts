// Keys in demo mode (issue 10, #13): Settings says a key is saved only when one is, Clear
// removes it, and a test says it went to the built-in simulator, never that the provider
// accepted the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { startTestHost } from './test-host';
import type { TestHost } from './test-host';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost({ demo: 'on' });
});
afterAll(async () => {
  await t?.close();
});

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

const apixo = async () =>
  value<Output<'provider.status'>>(await t.call('provider.status', {})).providers.find(
    (p) => p.provider === 'apixo',
  );

describe('keys in demo mode', () => {
  it('says no key of the user is saved before one is entered', async () => {
    expect(await apixo()).toMatchObject({
      source: 'demo',
      liveKey: { configured: false, source: null, protection: null },
    });
  });

  it('a saved key shows as saved for live runs while requests still go to the simulator', async () => {
    const saved = value<Output<'provider.setKey'>>(
      await t.call('provider.setKey', { provider: 'apixo', apiKey: 'apx-live-key-123456' }),
    );
    expect(saved).toMatchObject({
      source: 'demo',
      liveKey: { configured: true, source: 'vault', protection: 'local-key' },
    });
    // The simulator still answers for APIXO: the saved key is not used in demo mode.
    expect(t.vault.resolve('apixo')?.apiKey).not.toBe('apx-live-key-123456');
    expect(await apixo()).toMatchObject({ liveKey: { configured: true } });
  });

  it('a key test says it went to the simulator, not that APIXO accepted it', async () => {
    for (const input of [
      { provider: 'apixo' as const },
      { provider: 'apixo' as const, apiKey: 'apx-typed-key-99999' },
    ]) {
      const result = value<Output<'provider.testKey'>>(await t.call('provider.testKey', input));
      expect(result.message).toContain('built-in simulator');
      expect(result.message).toContain('not sent to APIXO');
      expect(result.message).not.toContain('accepted the key');
    }
  });

  it('Clear removes the saved key', async () => {
    const cleared = value<Output<'provider.clearKey'>>(
      await t.call('provider.clearKey', { provider: 'apixo' }),
    );
    expect(cleared.liveKey).toMatchObject({ configured: false });
  });
});

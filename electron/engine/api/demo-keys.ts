// Keys in demo mode. The vault answers every provider with the simulator's demo key then, so
// its status alone cannot tell whether the user saved a key of their own (for live runs).
// Here the live status is read beside the demo one, and a key test says it went to the
// simulator: demo mode never claims a provider accepted a key it never saw.
import type { ProviderId } from '../../../shared/catalog/types';
import type { ProviderStatus } from '../../../shared/ipc/views';
import { PROVIDER_NAMES } from '../providers/registry';
import type { ProviderConfig } from '../providers/types';
import type { KeyVault } from '../vault/vault';
import type { KeyTestResult } from './platform';

export type DemoConfigs = Partial<Record<ProviderId, ProviderConfig>>;

/**
 * The status the vault would give outside demo mode. Synchronous from the first line to the
 * last, so nothing else runs while the demo configs are set aside (nothing can resolve a
 * real key meanwhile); the vault has no separate read of it.
 */
function liveStatus(vault: KeyVault, demo: DemoConfigs, provider: ProviderId): ProviderStatus {
  vault.setDemo(null);
  try {
    return vault.status(provider);
  } finally {
    vault.setDemo(demo);
  }
}

/** The status to show: in demo mode with the user's own saved key (or its absence) beside it. */
export function statusWithLiveKey(
  vault: KeyVault,
  demo: DemoConfigs | null,
  provider: ProviderId,
): ProviderStatus {
  const status = vault.status(provider);
  if (demo === null) return status;
  const live = liveStatus(vault, demo, provider);
  const source = live.source === 'vault' || live.source === 'env' ? live.source : null;
  const protection =
    live.protection === 'os' || live.protection === 'local-key' || live.protection === 'env'
      ? live.protection
      : null;
  return { ...status, liveKey: { configured: live.configured, source, protection } };
}

/** A key test in demo mode: what the simulator said, and that the provider never saw the key. */
export function demoTestResult(provider: ProviderId, simulator: KeyTestResult): KeyTestResult {
  const name = PROVIDER_NAMES[provider];
  const answer = simulator.working
    ? 'the built-in simulator answered'
    : `the built-in simulator did not answer (${simulator.message})`;
  return {
    working: simulator.working,
    message: `Demo mode: ${answer}. The key was not sent to ${name}; it is checked with ${name} once Genloom runs live.`,
  };
}

// What Settings says about a provider's key, in plain words. In demo mode every provider runs
// on the simulator's key, so "a key is saved" is said only of a key the user saved (liveKey);
// a key kept in a local file (no system keychain) is said to be weaker, never shown in green.
import type { ProviderStatus } from '../../../../shared/ipc/views';

export type KeyTone = 'ok' | 'warn' | 'neutral' | 'info';

/** The user's own key: the live one in demo mode, else the status itself. */
function ownKey(status: ProviderStatus): {
  configured: boolean;
  source: 'vault' | 'env' | null;
  protection: 'os' | 'local-key' | 'env' | null;
} {
  if (status.source === 'demo') {
    return status.liveKey ?? { configured: false, source: null, protection: null };
  }
  const source = status.source === 'vault' || status.source === 'env' ? status.source : null;
  const protection =
    status.protection === 'os' || status.protection === 'local-key' || status.protection === 'env'
      ? status.protection
      : null;
  return { configured: status.configured, source, protection };
}

export function keyBadge(status: ProviderStatus): { text: string; tone: KeyTone } {
  if (status.source === 'demo') {
    return ownKey(status).configured
      ? { text: 'Demo mode · your key saved for live runs', tone: 'info' }
      : { text: 'Demo mode (simulator)', tone: 'neutral' };
  }
  if (!status.configured) return { text: 'Not set', tone: 'neutral' };
  if (status.source === 'env') return { text: 'Set from the environment', tone: 'ok' };
  return status.protection === 'os'
    ? { text: 'Saved · system keychain', tone: 'ok' }
    : { text: 'Saved · not protected by the system keychain', tone: 'warn' };
}

/** The hint under the key field. */
export function keyHint(status: ProviderStatus): string {
  const own = ownKey(status);
  if (status.source === 'demo') {
    return own.configured
      ? 'Your key is saved for live runs (demo mode uses the simulator). Type a new one to replace it.'
      : 'Demo mode needs no key. A key you save here is used when Genloom runs live.';
  }
  if (own.source === 'vault') return 'A key is saved. Type a new one to replace it.';
  if (own.source === 'env') {
    return 'The key comes from the environment. A key typed here is saved in Genloom instead.';
  }
  return 'Kept encrypted on this computer; never shown again.';
}

/** Said under the card when the saved key is only as safe as the user's files. */
export function keyWarning(status: ProviderStatus): string | null {
  if (ownKey(status).protection !== 'local-key') return null;
  return 'This computer offers Genloom no system keychain, so the key is encrypted with a key file in Genloom’s folder: anyone who can read your files can read the key.';
}

/** Clear removes a key saved in Genloom (not one from the environment). */
export function canClearKey(status: ProviderStatus): boolean {
  return ownKey(status).source === 'vault';
}

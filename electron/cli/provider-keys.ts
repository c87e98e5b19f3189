// Where the CLI finds provider keys: the environment first (it is what this one command was
// given), else the key vault the desktop app and the browser bridge save to (<home>/keys.json,
// local-key cipher), so a key saved in the bridge works in `genloom run` too. A key the
// desktop app saved with the OS keychain cannot be read outside Electron: that is noted for
// the command to say once, and the command goes on. Keys are never printed.
import path from 'node:path';
import type { ProviderId } from '../../shared/catalog/types';
import { PROVIDER_IDS } from '../../shared/catalog/types';
import { envName, providerConfigFromEnv } from '../engine/providers/registry';
import type { ProviderConfig } from '../engine/providers/types';
import { createLocalKeyCipher } from '../engine/vault/cipher';
import { redact } from '../engine/vault/redact';
import { createVault } from '../engine/vault/vault';

export interface CliKeys {
  config(provider: ProviderId): ProviderConfig | undefined;
  /** Why the saved key of a provider without an env key cannot be used here, if it cannot. */
  note(provider: ProviderId): string | null;
}

/** Throws only for a malformed env value (GENLOOM_MODELVERSE_MODE, a base URL): bad input. */
export function resolveCliKeys(
  home: string,
  env: Readonly<Record<string, string | undefined>>,
): CliKeys {
  const fromEnv = providerConfigFromEnv(env);
  const vault = createVault({
    file: path.join(home, 'keys.json'),
    cipher: createLocalKeyCipher(path.join(home, 'vault.key')),
    env,
  });
  const configs: Partial<Record<ProviderId, ProviderConfig>> = {};
  const notes: Partial<Record<ProviderId, string>> = {};
  for (const id of PROVIDER_IDS) {
    const envConfig = fromEnv[id];
    if (envConfig) {
      configs[id] = envConfig;
      continue;
    }
    try {
      const saved = vault.resolve(id);
      if (saved) {
        // The env's Modelverse mode (already checked above) applies to a saved key as well.
        const mode = env[envName('modelverse', 'MODE')]?.trim().toLowerCase();
        configs[id] =
          id === 'modelverse' && (mode === 'async' || mode === 'sync') ? { ...saved, mode } : saved;
        continue;
      }
      const note = vault.status(id).note;
      if (note) notes[id] = note;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      notes[id] = `the saved keys cannot be used (${redact(why)}); set ${envName(id, 'API_KEY')}`;
    }
  }
  return {
    config: (provider) => configs[provider],
    note: (provider) => notes[provider] ?? null,
  };
}

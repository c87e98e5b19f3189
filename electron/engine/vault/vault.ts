// The key vault: where API keys live, who may read them, and what the renderer may know (only
// whether a key is set and how it is protected). Keys are decrypted only here, on the main side,
// when a request needs them, and every key read is registered with the redactor.
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { ProviderId } from '../../../shared/catalog/types';
import type { ProviderStatus } from '../../../shared/ipc/views';
import {
  DEFAULT_BASE_URLS,
  envName,
  normaliseBaseUrl,
  PROVIDER_NAMES,
} from '../providers/registry';
import type { ProviderConfig } from '../providers/types';
import { PROTECTION_LABELS } from './cipher';
import type { CipherKind, KeyCipher } from './cipher';
import { registerSecret } from './redact';
import { readVaultFile, writeVaultFile } from './vault-file';
import type { VaultFile } from './vault-file';

export interface VaultOptions {
  /** <home>/keys.json */
  file: string;
  /** The cipher new keys are saved with: safeStorage in Electron, else the local-key cipher. */
  cipher: KeyCipher;
  /** Other ciphers that can read entries saved elsewhere (Electron can read local-key ones). */
  readers?: readonly KeyCipher[];
  env?: Readonly<Record<string, string | undefined>>;
}

export interface KeyVault {
  readonly protection: CipherKind;
  status(provider: ProviderId): ProviderStatus;
  statuses(): ProviderStatus[];
  /** Saves a key; a given baseUrl is saved too, none leaves the saved base URL as it is. */
  setKey(provider: ProviderId, apiKey: string, baseUrl?: string | null): ProviderStatus;
  /** Changes where a provider's requests go, key untouched; null goes back to the default. */
  setBaseUrl(provider: ProviderId, baseUrl: string | null): ProviderStatus;
  clearKey(provider: ProviderId): ProviderStatus;
  /** The decrypted config a request needs; undefined when no usable key exists. */
  resolve(provider: ProviderId): ProviderConfig | undefined;
  /** True when any provider has a usable key (vault or env), demo aside. */
  hasAnyKey(): boolean;
  /** Demo mode: every provider points at the simulator with these configs. */
  setDemo(configs: Partial<Record<ProviderId, ProviderConfig>> | null): void;
  isDemo(): boolean;
}

export function createVault(options: VaultOptions): KeyVault {
  const env = options.env ?? {};
  const ciphers = new Map<CipherKind, KeyCipher>();
  for (const reader of options.readers ?? []) ciphers.set(reader.kind, reader);
  ciphers.set(options.cipher.kind, options.cipher);
  let demo: Partial<Record<ProviderId, ProviderConfig>> | null = null;

  for (const id of PROVIDER_IDS) registerSecret(env[envName(id, 'API_KEY')]);

  const envBaseUrl = (provider: ProviderId): string | undefined => {
    const raw = env[envName(provider, 'BASE_URL')]?.trim();
    return raw ? normaliseBaseUrl(raw, envName(provider, 'BASE_URL')) : undefined;
  };

  /** The base URL saved in Settings (or with a key by an older version), if any. */
  const savedBaseUrl = (provider: ProviderId, data: VaultFile): string | null =>
    data.baseUrls?.[provider] ?? data.providers[provider]?.baseUrl ?? null;

  /** Saved base URL, else GENLOOM_<ID>_BASE_URL, else the documented default. */
  const baseUrlOf = (provider: ProviderId): string =>
    savedBaseUrl(provider, readVaultFile(options.file)) ??
    envBaseUrl(provider) ??
    DEFAULT_BASE_URLS[provider];

  /** The vault's key for a provider, or why it cannot be used here. */
  const readVaultKey = (
    provider: ProviderId,
  ): { key: string; kind: CipherKind } | { note: string } | null => {
    const entry = readVaultFile(options.file).providers[provider];
    if (!entry) return null;
    const cipher = ciphers.get(entry.cipher);
    if (!cipher) {
      return {
        note:
          entry.cipher === 'os'
            ? `a ${PROVIDER_NAMES[provider]} key was saved by the desktop app with the OS keychain and cannot be read here; set ${envName(provider, 'API_KEY')} or save the key again`
            : `the saved ${PROVIDER_NAMES[provider]} key needs the local key file, which is not available here`,
      };
    }
    try {
      const key = cipher.decrypt(Buffer.from(entry.ciphertext, 'base64'));
      registerSecret(key);
      return { key, kind: entry.cipher };
    } catch {
      return {
        note: `the saved ${PROVIDER_NAMES[provider]} key cannot be decrypted here; save it again`,
      };
    }
  };

  const status = (provider: ProviderId): ProviderStatus => {
    if (demo) {
      const config = demo[provider];
      return {
        provider,
        configured: config !== undefined,
        source: config ? 'demo' : null,
        protection: config ? 'demo' : null,
        protectionLabel: PROTECTION_LABELS.demo,
        baseUrl: config?.baseUrl ?? DEFAULT_BASE_URLS[provider],
        note: 'demo mode: requests go to the built-in simulator, nothing is billed',
      };
    }
    const saved = readVaultKey(provider);
    const fallbackUrl = baseUrlOf(provider);
    if (saved && 'key' in saved) {
      return {
        provider,
        configured: true,
        source: 'vault',
        protection: saved.kind,
        protectionLabel: PROTECTION_LABELS[saved.kind],
        baseUrl: fallbackUrl,
        note: null,
      };
    }
    const envKey = env[envName(provider, 'API_KEY')]?.trim();
    const note = saved && 'note' in saved ? saved.note : null;
    if (envKey) {
      return {
        provider,
        configured: true,
        source: 'env',
        protection: 'env',
        protectionLabel: `${PROTECTION_LABELS.env} (${envName(provider, 'API_KEY')})`,
        baseUrl: fallbackUrl,
        note,
      };
    }
    return {
      provider,
      configured: false,
      source: null,
      protection: null,
      protectionLabel: 'no key set',
      baseUrl: fallbackUrl,
      note,
    };
  };

  return {
    protection: options.cipher.kind,
    status,
    statuses: () => PROVIDER_IDS.map(status),
    setKey(provider, apiKey, baseUrl) {
      const key = apiKey.trim();
      registerSecret(key);
      const data = readVaultFile(options.file);
      const url = baseUrl ? normaliseBaseUrl(baseUrl, 'baseUrl') : savedBaseUrl(provider, data);
      data.providers[provider] = {
        cipher: options.cipher.kind,
        ciphertext: options.cipher.encrypt(key).toString('base64'),
        baseUrl: null,
        savedAt: Date.now(),
      };
      writeVaultFile(options.file, withBaseUrl(data, provider, url));
      return status(provider);
    },
    setBaseUrl(provider, baseUrl) {
      const url = baseUrl ? normaliseBaseUrl(baseUrl, 'baseUrl') : null;
      const data = readVaultFile(options.file);
      const entry = data.providers[provider];
      // The entry's own copy (older files) would otherwise come back after a reset.
      if (entry) data.providers[provider] = { ...entry, baseUrl: null };
      writeVaultFile(options.file, withBaseUrl(data, provider, url));
      return status(provider);
    },
    clearKey(provider) {
      const data = readVaultFile(options.file);
      if (data.providers[provider]) {
        const rest = Object.entries(data.providers).filter(([id]) => id !== provider);
        writeVaultFile(options.file, { ...data, providers: Object.fromEntries(rest) });
      }
      return status(provider);
    },
    resolve(provider) {
      if (demo) return demo[provider];
      const saved = readVaultKey(provider);
      if (saved && 'key' in saved) return { apiKey: saved.key, baseUrl: baseUrlOf(provider) };
      const envKey = env[envName(provider, 'API_KEY')]?.trim();
      if (!envKey) return undefined;
      return { apiKey: envKey, baseUrl: baseUrlOf(provider) };
    },
    hasAnyKey() {
      return PROVIDER_IDS.some((id) => {
        const saved = readVaultKey(id);
        return (saved !== null && 'key' in saved) || Boolean(env[envName(id, 'API_KEY')]?.trim());
      });
    },
    setDemo(configs) {
      demo = configs;
      for (const config of Object.values(configs ?? {})) registerSecret(config.apiKey);
    },
    isDemo: () => demo !== null,
  };
}

/** The file with one provider's saved base URL set, or removed when `url` is null. */
function withBaseUrl(data: VaultFile, provider: ProviderId, url: string | null): VaultFile {
  const rest = Object.entries(data.baseUrls ?? {}).filter(([id]) => id !== provider);
  const baseUrls = Object.fromEntries(url === null ? rest : [...rest, [provider, url]]);
  return { ...data, baseUrls };
}

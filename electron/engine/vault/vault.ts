// The key vault: where API keys live, who may read them, and what the renderer may know (only
// whether a key is set and how it is protected). Keys are decrypted only here, on the main side,
// when a request needs them, and every key read is registered with the redactor. Each key is
// bound to the base URL it was saved for: it is never handed out with another origin, and
// moving a provider's base URL elsewhere removes its saved key (see key-binding.ts).
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
import {
  envOtherOriginNote,
  otherOriginNote,
  removedNote,
  sameOrigin,
  sameUrl,
} from './key-binding';
import { registerSecret } from './redact';
import { readVaultFile, writeVaultFile } from './vault-file';
import type { VaultEntry, VaultFile } from './vault-file';

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
  /**
   * Changes where a provider's requests go; null goes back to the default. A saved key stays
   * only when the new URL is the one it was saved for; otherwise it is removed (and the
   * status says so), so no call can send a saved key to a host of its choosing.
   */
  setBaseUrl(provider: ProviderId, baseUrl: string | null): ProviderStatus;
  clearKey(provider: ProviderId): ProviderStatus;
  /** The decrypted config a request needs; undefined when no usable key exists. */
  resolve(provider: ProviderId): ProviderConfig | undefined;
  /**
   * True when any provider has a key Genloom can read (vault or env), demo aside, even one
   * withheld because its base URL moved: the app then starts for real and Settings says why,
   * instead of falling back to demo mode and hiding it.
   */
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

  /** Where a key from the environment may go: its own base URL, else the default. */
  const envHome = (provider: ProviderId): string =>
    envBaseUrl(provider) ?? DEFAULT_BASE_URLS[provider];

  /** The base URL saved in Settings (or with a key by an older version), if any. */
  const savedBaseUrl = (provider: ProviderId, data: VaultFile): string | null =>
    data.baseUrls?.[provider] ?? data.providers[provider]?.baseUrl ?? null;

  /** Saved base URL, else GENLOOM_<ID>_BASE_URL, else the documented default. */
  const baseUrlOf = (provider: ProviderId, data: VaultFile): string =>
    savedBaseUrl(provider, data) ?? envHome(provider);

  /**
   * The URL a saved key belongs to. An older entry has none recorded: its own URL, else the
   * environment's or the default, never a base URL from Settings (any caller of the contract
   * can set that one, so it cannot vouch for where the key was meant to go).
   */
  const savedForOf = (provider: ProviderId, entry: VaultEntry): string =>
    entry.savedFor ?? entry.baseUrl ?? envHome(provider);

  /** A vault entry's key, or why it cannot be used here. */
  const decrypt = (
    provider: ProviderId,
    entry: VaultEntry,
  ): { key: string; kind: CipherKind } | { note: string } => {
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

  /** The key a request may use (only ever with the origin it belongs to) and what to show. */
  const evaluate = (
    provider: ProviderId,
  ): { config: ProviderConfig | undefined; status: ProviderStatus } => {
    const data = readVaultFile(options.file);
    const baseUrl = baseUrlOf(provider, data);
    const base = { provider, baseUrl };
    const notes: string[] = [];
    const entry = data.providers[provider];
    if (entry) {
      const saved = decrypt(provider, entry);
      const savedFor = savedForOf(provider, entry);
      if ('note' in saved) notes.push(saved.note);
      else if (sameOrigin(baseUrl, savedFor)) {
        return {
          config: { apiKey: saved.key, baseUrl },
          status: {
            ...base,
            configured: true,
            source: 'vault',
            protection: saved.kind,
            protectionLabel: PROTECTION_LABELS[saved.kind],
            note: null,
          },
        };
      } else notes.push(otherOriginNote(provider, savedFor, baseUrl));
    }
    const envKey = env[envName(provider, 'API_KEY')]?.trim();
    if (envKey) {
      if (sameOrigin(baseUrl, envHome(provider))) {
        return {
          config: { apiKey: envKey, baseUrl },
          status: {
            ...base,
            configured: true,
            source: 'env',
            protection: 'env',
            protectionLabel: `${PROTECTION_LABELS.env} (${envName(provider, 'API_KEY')})`,
            note: notes[0] ?? null,
          },
        };
      }
      notes.push(envOtherOriginNote(provider, envHome(provider), envBaseUrl(provider), baseUrl));
    }
    const removed = data.removed?.[provider];
    if (!entry && removed) notes.push(removedNote(provider, removed));
    return {
      config: undefined,
      status: {
        ...base,
        configured: false,
        source: null,
        protection: null,
        protectionLabel: 'no key set',
        note: notes.length > 0 ? notes.join('; ') : null,
      },
    };
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
    return evaluate(provider).status;
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
        // The key belongs to the address it is saved for, and goes nowhere else.
        savedFor: url ?? envHome(provider),
      };
      writeVaultFile(options.file, withRemoved(withBaseUrl(data, provider, url), provider, null));
      return status(provider);
    },
    setBaseUrl(provider, baseUrl) {
      const url = baseUrl ? normaliseBaseUrl(baseUrl, 'baseUrl') : null;
      const data = readVaultFile(options.file);
      const entry = data.providers[provider];
      let next = withBaseUrl(data, provider, url);
      if (entry) {
        const savedFor = savedForOf(provider, entry);
        const target = url ?? envHome(provider);
        if (sameUrl(target, savedFor)) {
          // The entry's own copy (older files) would otherwise come back after a reset.
          next.providers[provider] = { ...entry, baseUrl: null, savedFor };
        } else {
          // Moving the base URL must not move the key: it is removed, and the user asked for
          // it again, for the new address.
          next = withoutKey(next, provider);
          next = withRemoved(next, provider, { baseUrl: target, at: Date.now() });
        }
      }
      writeVaultFile(options.file, next);
      return status(provider);
    },
    clearKey(provider) {
      const data = readVaultFile(options.file);
      if (data.providers[provider] || data.removed?.[provider]) {
        writeVaultFile(options.file, withRemoved(withoutKey(data, provider), provider, null));
      }
      return status(provider);
    },
    resolve(provider) {
      if (demo) return demo[provider];
      return evaluate(provider).config;
    },
    hasAnyKey() {
      const data = readVaultFile(options.file);
      return PROVIDER_IDS.some((id) => {
        const entry = data.providers[id];
        const readable = entry !== undefined && 'key' in decrypt(id, entry);
        return readable || Boolean(env[envName(id, 'API_KEY')]?.trim());
      });
    },
    setDemo(configs) {
      demo = configs;
      for (const config of Object.values(configs ?? {})) registerSecret(config.apiKey);
    },
    isDemo: () => demo !== null,
  };
}

function withoutKey(data: VaultFile, provider: ProviderId): VaultFile {
  const rest = Object.entries(data.providers).filter(([id]) => id !== provider);
  return { ...data, providers: Object.fromEntries(rest) };
}

/** The file with the note of a removed key set, or dropped when `removed` is null. */
function withRemoved(
  data: VaultFile,
  provider: ProviderId,
  removed: { baseUrl: string; at: number } | null,
): VaultFile {
  const rest = Object.entries(data.removed ?? {}).filter(([id]) => id !== provider);
  const all = Object.fromEntries(removed === null ? rest : [...rest, [provider, removed]]);
  if (Object.keys(all).length === 0) {
    const { removed: _drop, ...others } = data;
    return others;
  }
  return { ...data, removed: all };
}

/** The file with one provider's saved base URL set, or removed when `url` is null. */
function withBaseUrl(data: VaultFile, provider: ProviderId, url: string | null): VaultFile {
  const rest = Object.entries(data.baseUrls ?? {}).filter(([id]) => id !== provider);
  const baseUrls = Object.fromEntries(url === null ? rest : [...rest, [provider, url]]);
  return { ...data, baseUrls };
}

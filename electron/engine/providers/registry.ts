/** The only file that knows every provider: builds clients and reads their settings. */
import { PROVIDER_IDS } from '../../../shared/catalog/types';
import type { ProviderId } from '../../../shared/catalog/types';
import type { Http } from '../http';
import type { RetryPolicy } from '../retry';
import { ApixoClient } from './apixo/client';
import { ModelverseClient } from './modelverse/client';
import type { ModelverseMode } from './modelverse/client';
import { PoyoClient } from './poyo/client';
import type { ProviderClient, ProviderConfig } from './types';

export const DEFAULT_BASE_URLS: Readonly<Record<ProviderId, string>> = {
  poyo: 'https://api.poyo.ai',
  apixo: 'https://api.apixo.ai/api/v1',
  modelverse: 'https://api.umodelverse.ai',
};

export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  poyo: 'PoYo',
  apixo: 'APIXO',
  modelverse: 'Modelverse',
};

export interface ClientOptions {
  http: Http;
  retry?: RetryPolicy;
  /** PoYo: how local images are uploaded. */
  poyoUploadMode?: 'base64' | 'stream';
  /** Modelverse: overrides `config.mode`. */
  modelverseMode?: ModelverseMode;
}

export function createClient(
  provider: ProviderId,
  config: ProviderConfig,
  options: ClientOptions,
): ProviderClient {
  switch (provider) {
    case 'poyo':
      return new PoyoClient(config, { ...options, uploadMode: options.poyoUploadMode });
    case 'apixo':
      return new ApixoClient(config, options);
    case 'modelverse':
      return new ModelverseClient(config, { ...options, mode: options.modelverseMode });
  }
}

/** One client per configured provider. */
export function createClients(
  configs: Partial<Record<ProviderId, ProviderConfig>>,
  options: ClientOptions,
): Partial<Record<ProviderId, ProviderClient>> {
  const out: Partial<Record<ProviderId, ProviderClient>> = {};
  for (const id of PROVIDER_IDS) {
    const config = configs[id];
    if (config) out[id] = createClient(id, config, options);
  }
  return out;
}

export function envName(provider: ProviderId, what: 'API_KEY' | 'BASE_URL' | 'MODE'): string {
  return `GENLOOM_${provider.toUpperCase()}_${what}`;
}

/** A base URL without its trailing slash; throws naming the variable when it is not http(s). */
export function normaliseBaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(
      `${name} must be an http(s) URL such as https://api.example.com (got "${value}").`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must start with http:// or https:// (got "${value}").`);
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Settings from GENLOOM_<P>_API_KEY, GENLOOM_<P>_BASE_URL and GENLOOM_MODELVERSE_MODE.
 * A provider appears only when its key is set; base URLs default to the public APIs.
 */
export function providerConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<ProviderId, ProviderConfig>> {
  const out: Partial<Record<ProviderId, ProviderConfig>> = {};
  for (const id of PROVIDER_IDS) {
    const apiKey = env[envName(id, 'API_KEY')]?.trim();
    if (!apiKey) continue;
    const rawBase = env[envName(id, 'BASE_URL')]?.trim();
    const baseUrl = normaliseBaseUrl(rawBase || DEFAULT_BASE_URLS[id], envName(id, 'BASE_URL'));
    out[id] = { apiKey, baseUrl };
  }
  const mode = env[envName('modelverse', 'MODE')]?.trim().toLowerCase();
  if (mode === 'async' || mode === 'sync') {
    if (out.modelverse) out.modelverse.mode = mode;
  } else if (mode) {
    throw new Error(`GENLOOM_MODELVERSE_MODE must be "async" or "sync" (got "${mode}").`);
  }
  return out;
}

/** Every key in use, for the HTTP layer to scrub from error messages. */
export function secretsOf(configs: Partial<Record<ProviderId, ProviderConfig>>): string[] {
  return PROVIDER_IDS.flatMap((id) => {
    const key = configs[id]?.apiKey;
    return key ? [key] : [];
  });
}

// A saved key belongs to the address it was saved for. These are the comparisons and the
// words: which URLs count as the same host (the origin: scheme, host and port), and what the
// user is told when a key is withheld or removed.
import type { ProviderId } from '../../../shared/catalog/types';
import { envName, PROVIDER_NAMES } from '../providers/registry';

/** scheme://host:port of a URL, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

/** True when both URLs reach the same origin: a key may go from one to the other. */
export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== null && origin === originOf(b);
}

/** The same URL, trailing slashes aside. */
export function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

const shown = (url: string): string => originOf(url) ?? url;

export function otherOriginNote(provider: ProviderId, savedFor: string, baseUrl: string): string {
  return `the saved ${PROVIDER_NAMES[provider]} key was saved for ${shown(savedFor)} and is not sent to ${shown(baseUrl)}; set the base URL back, or enter the key again for this address`;
}

export function envOtherOriginNote(
  provider: ProviderId,
  home: string,
  envBaseUrl: string | undefined,
  baseUrl: string,
): string {
  const keyVar = envName(provider, 'API_KEY');
  const urlVar = envName(provider, 'BASE_URL');
  const where = envBaseUrl === undefined ? 'the default' : urlVar;
  return `the key from ${keyVar} is only sent to ${shown(home)} (${where}), not to ${shown(baseUrl)}; set the base URL back, or change ${urlVar}`;
}

export function removedNote(
  provider: ProviderId,
  removed: { baseUrl: string; at: number },
): string {
  const when = `${new Date(removed.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `the saved ${PROVIDER_NAMES[provider]} key was removed when the base URL changed to ${removed.baseUrl} on ${when}: a key is only sent to the address it was saved for; check the base URL, then enter the key again`;
}

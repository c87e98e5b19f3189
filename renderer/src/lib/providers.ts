import type { ProviderId } from '../../../shared/catalog/types';

/** How providers are named on screen. */
export const PROVIDER_LABELS: Record<ProviderId, string> = {
  poyo: 'PoYo',
  apixo: 'APIXO',
  modelverse: 'Modelverse',
};

export const DEFAULT_BASE_URLS: Record<ProviderId, string> = {
  poyo: 'https://api.poyo.ai',
  apixo: 'https://api.apixo.ai/api/v1',
  modelverse: 'https://api.umodelverse.ai',
};

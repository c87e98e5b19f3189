// Models as people read them: the catalog's title ("Wan 2.7 Image"), never the API id
// ("wan2.7-image-pro"), which stays for tooltips and the detail panel.
import { CATALOG, findModel } from '../../../shared/catalog/index';
import type { ProviderId } from '../../../shared/catalog/types';
import { PROVIDER_LABELS } from '../lib/providers';

/** The catalog title of a model; its id when the catalog no longer has it. */
export function modelTitle(provider: ProviderId, model: string): string {
  return findModel(provider, model)?.title ?? model;
}

/**
 * Options for a model filter: one per model id (the filter matches by id), labelled by title;
 * with no provider chosen the providers are named too, since titles repeat across them.
 */
export function modelOptions(provider: ProviderId | ''): { value: string; label: string }[] {
  const byId = new Map<string, { title: string; providers: ProviderId[] }>();
  for (const entry of CATALOG) {
    if (provider !== '' && entry.provider !== provider) continue;
    const seen = byId.get(entry.model);
    if (seen) seen.providers.push(entry.provider);
    else byId.set(entry.model, { title: entry.title, providers: [entry.provider] });
  }
  return [...byId].map(([id, { title, providers }]) => ({
    value: id,
    label:
      provider === '' ? `${title} (${providers.map((p) => PROVIDER_LABELS[p]).join(', ')})` : title,
  }));
}

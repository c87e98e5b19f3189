// A plain, serialisable view of a catalog entry (no zod, no functions), for JSON and IPC.
import type {
  FieldHint,
  ImageLimits,
  MediaKind,
  ModelEntry,
  PollingHint,
  ProviderId,
} from './types';

export interface ModelInfo {
  id: string;
  provider: ProviderId;
  model: string;
  title: string;
  kind: MediaKind;
  summary: string;
  /** The price rule in words, e.g. "4.2 credits x 1 image" for the default request. */
  price: string;
  fields: readonly FieldHint[];
  images: ModelEntry['images'];
  imageLimits: ImageLimits | null;
  polling: PollingHint;
}

/** The price rule of an entry: its own words, else the estimate of its default request. */
function priceRule(entry: ModelEntry): string {
  return entry.priceRule ?? entry.price({}).basis;
}

export function describeModel(entry: ModelEntry): ModelInfo {
  return {
    id: `${entry.provider}/${entry.model}`,
    provider: entry.provider,
    model: entry.model,
    title: entry.title,
    kind: entry.kind,
    summary: entry.summary,
    price: priceRule(entry),
    fields: entry.fields,
    images: entry.images,
    imageLimits: entry.imageLimits,
    polling: entry.polling,
  };
}

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
  /** What input files the model accepts (null when it takes no images). */
  imageLimits: ImageLimits | null;
  polling: PollingHint;
}

/**
 * What PoYo's upload endpoint takes (third-party evidence, providers.md 1.6). PoYo, and APIXO
 * through PoYo, receive local files by that upload, so these narrow the model's own formats.
 */
export const POYO_UPLOAD_FORMATS: ImageLimits['formats'] = ['jpeg', 'png', 'gif', 'webp'];

/**
 * Limits for models whose catalog entry states none. PoYo: its upload formats; no size is
 * documented, 20 MB keeps the base64 body sane (the Wan family elsewhere allows 20 MB).
 * Modelverse: the Wan family's formats; 10 MB, as DashScope's Wan inputs, because the file
 * travels inline as base64 (a third larger) in the submit body.
 */
export const DEFAULT_IMAGE_LIMITS: Readonly<Record<ProviderId, ImageLimits>> = {
  poyo: { formats: POYO_UPLOAD_FORMATS, maxBytes: 20_000_000, alphaAllowed: true },
  apixo: { formats: ['jpeg', 'png', 'webp'], maxBytes: 10_000_000, alphaAllowed: false },
  modelverse: { formats: ['jpeg', 'png', 'webp', 'bmp'], maxBytes: 10_000_000, alphaAllowed: true },
};

/**
 * The input files a model really accepts: its documented limits (or its provider's default),
 * narrowed to what the upload host takes when files go through PoYo. Planning, the scan
 * badges, the drop zone and the model card all state these (engine: media/resolve-inputs'
 * limitsFor must equal this for every entry; a test holds them together).
 */
export function inputLimitsOf(entry: ModelEntry): ImageLimits {
  const base = entry.imageLimits ?? DEFAULT_IMAGE_LIMITS[entry.provider];
  if (entry.provider === 'modelverse') return base;
  return { ...base, formats: base.formats.filter((f) => POYO_UPLOAD_FORMATS.includes(f)) };
}

function megabytes(bytes: number): string {
  return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
}

/** The limits in a user's words: "PNG, JPEG or WEBP, up to 10 MB, no transparency". */
export function inputLimitsText(limits: ImageLimits): string {
  const names = limits.formats.map((f) => f.toUpperCase());
  const last = names.pop();
  const parts = [names.length > 0 ? `${names.join(', ')} or ${last ?? ''}` : (last ?? '')];
  if (limits.maxBytes !== undefined) parts.push(`up to ${megabytes(limits.maxBytes)}`);
  if (limits.minSide !== undefined) parts.push(`sides at least ${limits.minSide} px`);
  if (limits.maxSide !== undefined) parts.push(`sides at most ${limits.maxSide} px`);
  if (limits.maxAspectRatio !== undefined)
    parts.push(`aspect ratio at most ${limits.maxAspectRatio}:1`);
  if (!limits.alphaAllowed) parts.push('no transparency');
  return parts.join(', ');
}

/** The price rule of an entry: its own words, else the estimate of its default request. */
function priceRule(entry: ModelEntry): string {
  return entry.priceRule ?? entry.price({}).basis;
}

export function describeModel(entry: ModelEntry): ModelInfo {
  const limits = entry.images === null ? null : inputLimitsOf(entry);
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
    imageLimits: limits,
    polling: entry.polling,
  };
}

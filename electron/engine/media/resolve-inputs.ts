/**
 * Turns the local image references of a validated input into what the provider accepts:
 * PoYo upload URLs (PoYo, and APIXO through PoYo) or inline data URLs (Modelverse).
 * Every file is checked before the first upload, so a bad file costs no network call.
 */
import type {
  ImageLimits,
  ModelEntry,
  ProviderId,
  ValidationIssue,
} from '../../../shared/catalog/types';
import { inputLimitsOf } from '../../../shared/catalog/describe';
import type { LocalImage, ProviderClient } from '../providers/types';
import { checkImage, checkImageBytes } from './image-check';
import type { ImageCheck } from './image-check';
import {
  dottedField,
  isDataRef,
  isLocalRef,
  localPathOf,
  mediaRefs,
  replaceAt,
} from './media-refs';
import type { MediaRef } from './media-refs';
import { UPLOAD_REUSE_MS, uploadCacheKey } from './upload-cache';
import type { UploadCache } from './upload-cache';

export interface ResolveContext {
  clients: Partial<Record<ProviderId, ProviderClient>>;
  uploadCache: UploadCache;
  signal?: AbortSignal;
  /** Relative paths are read from here (default: the process's working directory). */
  baseDir?: string;
  now?: () => number;
}

export type ResolveResult =
  { ok: true; input: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] };

export const APIXO_NEEDS_HOST =
  'APIXO needs images hosted at a URL; set GENLOOM_POYO_API_KEY so Genloom can upload them through PoYo, or pass http(s) URLs';

// One source of truth for what a model's inputs may be: shared/catalog/describe.ts, which the
// builder's badges, the drop zone and the model card use as well.
export { DEFAULT_IMAGE_LIMITS, POYO_UPLOAD_FORMATS } from '../../../shared/catalog/describe';
/** The model's limits, narrowed to what the upload host takes when files go through PoYo. */
export const limitsFor = inputLimitsOf;

type Host = 'poyo-upload' | 'data-url';

function hostFor(provider: ProviderId): Host {
  return provider === 'modelverse' ? 'data-url' : 'poyo-upload';
}

async function checkRef(ref: string, limits: ImageLimits, baseDir: string): Promise<ImageCheck> {
  if (isDataRef(ref)) {
    const comma = ref.indexOf(',');
    const bytes = Buffer.from(ref.slice(comma + 1), 'base64');
    return checkImageBytes(bytes, 'the data URL image', limits);
  }
  // Issues name the file as the user wrote it, not the resolved absolute path.
  return checkImage(localPathOf(ref, baseDir), limits, ref);
}

const inflight = new WeakMap<UploadCache, Map<string, Promise<string>>>();

/** Uploads once per content hash: cached URLs are reused, concurrent uploads are shared. */
async function uploadOnce(
  image: LocalImage,
  client: ProviderClient,
  ctx: ResolveContext,
): Promise<string> {
  const key = uploadCacheKey(client.id, image.sha256);
  const now = (ctx.now ?? Date.now)();
  const cached = await ctx.uploadCache.get(key);
  if (cached && now - cached.uploadedAt < UPLOAD_REUSE_MS) return cached.url;
  let pending = inflight.get(ctx.uploadCache);
  if (!pending) {
    pending = new Map();
    inflight.set(ctx.uploadCache, pending);
  }
  const running = pending.get(key);
  if (running) return running;
  const upload = client.upload;
  if (!upload) throw new Error(`${client.id} has no upload endpoint`);
  const job = (async () => {
    const url = await upload.call(client, image, ctx.signal);
    await ctx.uploadCache.set(key, { url, uploadedAt: now });
    return url;
  })();
  pending.set(key, job);
  try {
    return await job;
  } finally {
    pending.delete(key);
  }
}

/**
 * Replaces local paths in every media field of the input (the model's image field, other image
 * fields the catalog declares, fields named for images or frames; see media-refs). Returns
 * issues, naming the field and the file, when a file breaks a rule or cannot be hosted.
 * Every file is read again here, bounded and decoded (it may have changed since planning).
 * Upload failures are thrown as ProviderError (they are transport problems, not input ones).
 */
export async function resolveImageInputs(
  entry: ModelEntry,
  input: Record<string, unknown>,
  ctx: ResolveContext,
): Promise<ResolveResult> {
  const host = hostFor(entry.provider);
  // data: URLs travel inline to Modelverse; for PoYo they are checked and uploaded like files.
  const work = mediaRefs(entry, input).filter(
    (r) => isLocalRef(r) || (r.declared && host === 'poyo-upload' && isDataRef(r.ref)),
  );
  if (work.length === 0) return { ok: true, input };
  const uploader = host === 'poyo-upload' ? ctx.clients.poyo : undefined;
  if (host === 'poyo-upload' && !uploader?.upload) {
    const why =
      entry.provider === 'apixo'
        ? APIXO_NEEDS_HOST
        : 'local images are uploaded through PoYo; set GENLOOM_POYO_API_KEY, or pass http(s) URLs';
    const issues = work.map((r) => ({
      field: dottedField(r.at),
      message: `${why} (got ${r.ref.slice(0, 80)})`,
    }));
    return { ok: false, issues };
  }
  const limits = limitsFor(entry);
  const baseDir = ctx.baseDir ?? process.cwd();
  const checks = await Promise.all(work.map((r) => checkRef(r.ref, limits, baseDir)));
  const issues: ValidationIssue[] = [];
  checks.forEach((check, i) => {
    if (check.ok) return;
    const field = dottedField((work[i] as MediaRef).at);
    for (const message of check.issues) issues.push({ field, message });
  });
  if (issues.length > 0) return { ok: false, issues };
  const hosted = await Promise.all(
    checks.map(async (check) => {
      if (!check.ok) throw new Error('unreachable: issues were returned above');
      // No uploader means the data-url host (Modelverse): the image travels inline.
      if (!uploader)
        return `data:${check.image.mime};base64,${check.image.bytes.toString('base64')}`;
      return uploadOnce(check.image, uploader, ctx);
    }),
  );
  let resolved: unknown = input;
  work.forEach((r, i) => {
    resolved = replaceAt(resolved, r.at, hosted[i]);
  });
  return { ok: true, input: resolved as Record<string, unknown> };
}

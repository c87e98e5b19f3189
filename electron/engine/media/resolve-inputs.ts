/**
 * Turns the local image references of a validated input into what the provider accepts:
 * PoYo upload URLs (PoYo, and APIXO through PoYo) or inline data URLs (Modelverse).
 * Every file is checked before the first upload, so a bad file costs no network call.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ImageLimits,
  ModelEntry,
  ProviderId,
  ValidationIssue,
} from '../../../shared/catalog/types';
import type { LocalImage, ProviderClient } from '../providers/types';
import { checkImage, checkImageBytes } from './image-check';
import type { ImageCheck } from './image-check';
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

/** What PoYo's upload endpoint takes (third-party evidence, providers.md 1.6). */
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

type Host = 'poyo-upload' | 'data-url';

function hostFor(provider: ProviderId): Host {
  return provider === 'modelverse' ? 'data-url' : 'poyo-upload';
}

/** The model's limits, narrowed to what the upload host takes when files go through PoYo. */
export function limitsFor(entry: ModelEntry): ImageLimits {
  const base = entry.imageLimits ?? DEFAULT_IMAGE_LIMITS[entry.provider];
  if (hostFor(entry.provider) !== 'poyo-upload') return base;
  return { ...base, formats: base.formats.filter((f) => POYO_UPLOAD_FORMATS.includes(f)) };
}

export function isRemoteRef(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

function isDataRef(ref: string): boolean {
  return /^data:/i.test(ref);
}

function localPath(ref: string, baseDir: string): string {
  if (/^file:\/\//i.test(ref)) return fileURLToPath(ref);
  return isAbsolute(ref) ? ref : resolvePath(baseDir, ref);
}

async function checkRef(ref: string, limits: ImageLimits, baseDir: string): Promise<ImageCheck> {
  if (isDataRef(ref)) {
    const comma = ref.indexOf(',');
    const bytes = Buffer.from(ref.slice(comma + 1), 'base64');
    return checkImageBytes(bytes, 'the data URL image', limits);
  }
  // Issues name the file as the user wrote it, not the resolved absolute path.
  return checkImage(localPath(ref, baseDir), limits, ref);
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
 * Replaces local paths (anything not http(s): or data:) in the model's image field. Returns
 * issues, naming the field and the file, when a file breaks a rule or cannot be hosted.
 * Upload failures are thrown as ProviderError (they are transport problems, not input ones).
 */
export async function resolveImageInputs(
  entry: ModelEntry,
  input: Record<string, unknown>,
  ctx: ResolveContext,
): Promise<ResolveResult> {
  const field = entry.images?.field;
  const value = field === undefined ? undefined : input[field];
  if (field === undefined || value === undefined) return { ok: true, input };
  const single = typeof value === 'string';
  const refs = single ? [value] : Array.isArray(value) ? value : [];
  const host = hostFor(entry.provider);
  const needsWork = (ref: unknown): ref is string =>
    typeof ref === 'string' && !isRemoteRef(ref) && !(host === 'data-url' && isDataRef(ref));
  const at = (i: number): string => (single ? field : `${field}.${i}`);
  const uploader = host === 'poyo-upload' ? ctx.clients.poyo : undefined;
  if (host === 'poyo-upload' && !uploader?.upload) {
    const why =
      entry.provider === 'apixo'
        ? APIXO_NEEDS_HOST
        : 'local images are uploaded through PoYo; set GENLOOM_POYO_API_KEY, or pass http(s) URLs';
    const issues = refs.flatMap((ref, i) =>
      needsWork(ref) ? [{ field: at(i), message: `${why} (got ${ref.slice(0, 80)})` }] : [],
    );
    return issues.length > 0 ? { ok: false, issues } : { ok: true, input };
  }
  const limits = limitsFor(entry);
  const baseDir = ctx.baseDir ?? process.cwd();
  const checks = await Promise.all(
    refs.map((ref) => (needsWork(ref) ? checkRef(ref, limits, baseDir) : undefined)),
  );
  const issues: ValidationIssue[] = [];
  checks.forEach((check, i) => {
    if (check && !check.ok)
      for (const message of check.issues) issues.push({ field: at(i), message });
  });
  if (issues.length > 0) return { ok: false, issues };
  const resolved = await Promise.all(
    refs.map(async (ref, i) => {
      const check = checks[i];
      if (!check?.ok) return ref;
      // No uploader means the data-url host (Modelverse): the image travels inline.
      if (!uploader)
        return `data:${check.image.mime};base64,${check.image.bytes.toString('base64')}`;
      return uploadOnce(check.image, uploader, ctx);
    }),
  );
  return { ok: true, input: { ...input, [field]: single ? resolved[0] : resolved } };
}

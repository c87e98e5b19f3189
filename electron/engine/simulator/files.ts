import { textResponse } from './http-io';
import type { SimResponse } from './http-io';
import { renderPng, renderVideo } from './media';
import type { SimFile, SimState, SimTask } from './state';
import type { SimProvider, TaskOutcome } from './types';

/** Outputs and uploads are served under one prefix, whatever the provider. */
export const FILES_PREFIX = '/files/';

export function fileUrl(state: SimState, token: string): string {
  const f = state.files.get(token);
  return `${state.baseUrl}${FILES_PREFIX}${token}.${f?.ext ?? 'bin'}`;
}

export function registerOutputs(
  state: SimState,
  task: SimTask,
  outcome: Extract<TaskOutcome, { kind: 'success' }>,
): void {
  const end = task.createdAt + (task.durationMs ?? 0);
  const video = task.req.kind === 'video';
  for (let index = 0; index < outcome.outputs; index += 1) {
    const token = state.rng.ids.hex(24);
    state.files.set(token, {
      token,
      provider: task.provider,
      mime: video ? 'video/mp4' : 'image/png',
      ext: video ? 'mp4' : 'png',
      availableAt: end,
      expiresAt: outcome.expired ? end : end + state.opts.urlTtlMs,
      source: { kind: 'render', req: task.req, index, taskId: task.id },
    });
    task.fileTokens.push(token);
  }
}

/** Magic bytes of the formats the PoYo upload accepts (providers.md §1.6). */
export function sniff(data: Buffer): { mime: string; ext: string } | null {
  const ascii = (a: number, b: number) => data.subarray(a, b).toString('latin1');
  if (data.length < 12) return null;
  if (data[0] === 0x89 && ascii(1, 4) === 'PNG') return { mime: 'image/png', ext: 'png' };
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff)
    return { mime: 'image/jpeg', ext: 'jpg' };
  if (ascii(0, 4) === 'GIF8') return { mime: 'image/gif', ext: 'gif' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ')
    return { mime: 'video/x-msvideo', ext: 'avi' };
  if (ascii(4, 8) === 'ftyp')
    return ascii(8, 10) === 'qt'
      ? { mime: 'video/quicktime', ext: 'mov' }
      : { mime: 'video/mp4', ext: 'mp4' };
  if (data.readUInt32BE(0) === 0x1a45dfa3) return { mime: 'video/webm', ext: 'webm' };
  return null;
}

export function registerUpload(
  state: SimState,
  provider: SimProvider,
  data: Buffer,
  kind: { mime: string; ext: string },
): string {
  const token = state.rng.ids.hex(24);
  const now = state.now();
  state.files.set(token, {
    token,
    provider,
    mime: kind.mime,
    ext: kind.ext,
    availableAt: now,
    expiresAt: now + state.opts.uploadTtlMs,
    source: { kind: 'bytes', data },
  });
  state.counters.uploads += 1;
  return fileUrl(state, token);
}

function tokenOf(state: SimState, ref: string): string | null {
  const prefix = `${state.baseUrl}${FILES_PREFIX}`;
  if (!ref.startsWith(prefix)) return null;
  return ref.slice(prefix.length).replace(/\.[a-z0-9]+$/i, '');
}

/**
 * Whether an input image hosted by the simulator can be fetched now. Other URLs are taken on
 * trust: the simulator has no network, as the machines that run it.
 */
export function selfHostedFile(state: SimState, ref: string): 'ok' | 'missing' | 'external' {
  const token = tokenOf(state, ref);
  if (token === null) return 'external';
  const f = state.files.get(token);
  const now = state.now();
  return f && now >= f.availableAt && now < f.expiresAt ? 'ok' : 'missing';
}

export function fileRecord(state: SimState, path: string): SimFile | undefined {
  const token = path.slice(FILES_PREFIX.length).replace(/\.[a-z0-9]+$/i, '');
  return state.files.get(token);
}

/** Rendered bytes are cached a little; they can always be drawn again, identically. */
const CACHE_SIZE = 64;

async function bytesOf(state: SimState, f: SimFile): Promise<Buffer> {
  if (f.source.kind === 'bytes') return f.source.data;
  const cache = state.renderCache;
  const key = `${f.token}:${state.opts.maxImageSide}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { req, index } = f.source;
  const data =
    req.kind === 'video'
      ? await renderVideo(req)
      : await renderPng(req, index, state.opts.maxImageSide);
  cache.set(key, data);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return data;
}

/** The bytes of a registered file (an output made by a task, or an upload). */
export async function fileBytes(state: SimState, token: string): Promise<Buffer> {
  const f = state.files.get(token);
  if (!f) throw new Error(`no file ${token}`);
  return bytesOf(state, f);
}

export async function serveFile(state: SimState, f: SimFile | undefined): Promise<SimResponse> {
  const now = state.now();
  if (!f || now < f.availableAt) return textResponse(404, 'Not found: no such file\n');
  if (now >= f.expiresAt) {
    state.counters.expiredDownloads += 1;
    return textResponse(
      403,
      `Forbidden: this URL expired at ${new Date(f.expiresAt).toISOString()} ` +
        `(simulator clock ${new Date(now).toISOString()}); result URLs must be downloaded ` +
        `before they expire.\n`,
    );
  }
  state.counters.downloads += 1;
  const body = await bytesOf(state, f);
  return {
    status: 200,
    headers: { 'content-type': f.mime, 'cache-control': 'private, max-age=0' },
    body,
  };
}

/**
 * Small pieces every provider mapping shares: timestamps, output types, reply parsing.
 * Everything here is pure.
 */
import type { z } from 'zod';
import { ProviderError } from '../http-errors';
import type { OutputFile, TaskStatus } from './types';

/**
 * PoYo's naive ISO time ("2025-11-12T10:30:00", no zone) as Unix ms. Read as UTC: the docs
 * name no zone, servers conventionally keep UTC, and reading it as local time would make the
 * same task show different times on different machines. The runner never uses it for timeouts.
 */
export function parsePoyoTime(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const v = value.trim();
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(v);
  const ms = Date.parse(hasZone ? v : `${v.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** APIXO times are already Unix milliseconds. */
export function parseApixoTime(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Modelverse times are Unix seconds. */
export function parseModelverseTime(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.round(value * 1000)
    : undefined;
}

const IMAGE_EXT = /\.(png|jpe?g|webp|gif|bmp|avif|heic)$/i;
const VIDEO_EXT = /\.(mp4|mov|webm|mkv|avi|m4v)$/i;

/** The output type from a provider's label, else from the URL's extension. */
export function outputType(url: string, label?: string | null): OutputFile['type'] {
  if (label === 'image' || label === 'video') return label;
  if (/^data:image\//i.test(url)) return 'image';
  if (/^data:video\//i.test(url)) return 'video';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not a URL: test the raw text
  }
  if (IMAGE_EXT.test(path)) return 'image';
  if (VIDEO_EXT.test(path)) return 'video';
  return 'unknown';
}

/** A provider reply that does not have the documented shape: a clear error, never a crash. */
export function badReply(service: string, what: string, detail?: string): ProviderError {
  return new ProviderError({
    code: 'bad_reply',
    message: `${service} sent a ${what} Genloom does not understand${detail ? ` (${detail})` : ''}. The provider's API may have changed; please report it.`,
    retryable: false,
    mayHaveReachedServer: true,
  });
}

/** Parses a reply with its zod schema, or throws bad_reply naming the first mismatch. */
export function parseReply<T>(
  schema: z.ZodType<T>,
  body: unknown,
  service: string,
  what: string,
): T {
  const res = schema.safeParse(body);
  if (res.success) return res.data;
  const first = res.error.issues[0];
  const where = first ? `${first.path.join('.') || 'body'}: ${first.message}` : undefined;
  throw badReply(service, what, where);
}

/** A finished task with no files is a failure: there is nothing to download or bill. */
export function succeededOrEmpty(
  outputs: OutputFile[],
  times: { createdAt?: number; finishedAt?: number },
  charged?: number,
): TaskStatus {
  if (outputs.length === 0) {
    return {
      state: 'failed',
      code: 'no_outputs',
      message: 'The task finished but returned no files.',
      ...times,
    };
  }
  return { state: 'succeeded', outputs, ...times, ...(charged === undefined ? {} : { charged }) };
}

/** Drops undefined values so a wire body carries only what the user set. */
export function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** The `data` member of an envelope, or the whole answer when there is none. */
export function dataOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'data' in body ? body.data : body;
}

import type { IncomingMessage } from 'node:http';

/** Handlers return an answer instead of writing it, so faults can replace or cut it. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

export function textResponse(status: number, text: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from(text),
  };
}

/** 60 MB: a 45 MB file as base64, with room for the JSON around it. */
export const MAX_BODY_BYTES = 60 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  readonly code = 'body_too_large';
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(`body is larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export type ParsedBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; parts: MultipartPart[] }
  | { kind: 'invalid'; message: string };

export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { kind: 'empty' };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
    if (!match?.[1]) return { kind: 'invalid', message: 'multipart body has no boundary' };
    const parts = parseMultipart(raw, match[1]);
    if (!parts) return { kind: 'invalid', message: 'multipart body is malformed' };
    return { kind: 'multipart', parts };
  }
  // The documents send every JSON body with Content-Type: application/json; a body sent as
  // text/plain (fetch's default for a string) is a client bug the simulator should surface.
  if (!type.startsWith('application/json')) {
    return {
      kind: 'invalid',
      message: `Content-Type must be application/json (got "${contentType ?? 'none'}")`,
    };
  }
  try {
    return { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { kind: 'invalid', message: 'body is not valid JSON' };
  }
}

function parseMultipart(raw: Buffer, boundary: string): MultipartPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = raw.indexOf(delimiter);
  if (pos < 0) return null;
  for (;;) {
    pos += delimiter.length;
    if (raw.subarray(pos, pos + 2).toString() === '--') return parts;
    if (raw.subarray(pos, pos + 2).toString() !== '\r\n') return null;
    pos += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return null;
    const headerText = raw.subarray(pos, headerEnd).toString('utf8');
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return null;
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return null;
    parts.push({
      name,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim() ?? null,
      data: raw.subarray(headerEnd + 4, next),
    });
    pos = next + 2;
  }
}

/** Multipart parts are summarised in the request log: file bytes would swamp it. */
export function summariseParts(parts: MultipartPart[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    out[p.name] =
      p.filename === null
        ? p.data.toString('utf8')
        : { filename: p.filename, contentType: p.contentType, bytes: p.data.length };
  }
  return out;
}

/** Long strings (base64 images) are shortened in the request log so it stays small. */
export const MAX_LOGGED_STRING = 100_000;

export function forLog(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_LOGGED_STRING
      ? `${value.slice(0, 64)}...[${value.length} characters]`
      : value;
  if (Array.isArray(value)) return value.map(forLog);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forLog(v)]));
  return value;
}

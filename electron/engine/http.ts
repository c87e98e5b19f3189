/**
 * The engine's one HTTP layer: undici's Agent (a keep-alive pool per origin, dropped when its
 * connections close), connect/header/body timeouts, JSON calls that throw ProviderError, and a
 * streaming GET for downloads that follows redirects through undici's redirect interceptor,
 * which drops Authorization (and cookies) when a redirect leaves the origin.
 */
import { Agent, interceptors } from 'undici';
import type { Dispatcher, FormData } from 'undici';
import type { Readable } from 'node:stream';
import {
  ProviderError,
  errorForStatus,
  errorForTransport,
  parseRetryAfter,
  redact,
  throwIfKeyInClear,
} from './http-errors';
import type { ErrorDetail, ServiceLabel } from './http-errors';

export * from './http-errors';
export * from './retry';

export interface HttpOptions {
  connectTimeoutMs?: number;
  /** Time allowed until response headers arrive; generation submits answer quickly. */
  headersTimeoutMs?: number;
  /** Longest silence allowed between body chunks. */
  bodyTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  connectionsPerOrigin?: number;
  /**
   * JSON answers larger than this are refused: a status or submit answer is a few KiB, and
   * a provider (or whatever sits in front of it) must not make Genloom buffer hundreds of MiB.
   * A call that carries media inline (a Modelverse sync answer with b64_json) sets maxBytes.
   */
  maxJsonBytes?: number;
  /** Values scrubbed from every error message (the API keys in use). */
  secrets?: readonly string[];
  userAgent?: string;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  service: ServiceLabel;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as multipart/form-data. */
  form?: FormData;
  signal?: AbortSignal;
  headersTimeoutMs?: number;
  /** Reads the provider's own error envelope from a non-2xx body. */
  describeError?: (body: unknown) => ErrorDetail;
  /** This call's cap on a 2xx answer, instead of maxJsonBytes (answers with inline media). */
  maxBytes?: number;
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; `unknown` until the caller's zod schema has checked it. */
  body: unknown;
}

export interface StreamRequest {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Byte range to ask for (resuming a download); the answer is 206 when honoured. */
  range?: { start: number; end?: number };
  service?: ServiceLabel;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export interface StreamResponse {
  /** 200, or 206 when a range was honoured. */
  status: number;
  headers: Record<string, string>;
  /** The body; the caller must consume or destroy it. */
  body: Readable;
  /** The URL that answered, after redirects. */
  url: string;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  keepAliveTimeoutMs: 30_000,
  connectionsPerOrigin: 16,
  maxJsonBytes: 8 * 1024 * 1024,
};

/** What is read of an error answer's body: enough for any provider's error envelope. */
const ERROR_BODY_BYTES = 64 * 1024;

const MAX_REDIRECTS = 5;
const DOWNLOAD_SERVICE: ServiceLabel = { name: 'the result host' };
/** The URL that finally answered: the redirect interceptor's history ends with it. */
function finalUrl(res: Dispatcher.ResponseData, requested: URL): string {
  const history = (res.context as { history?: readonly URL[] } | undefined)?.history;
  return history?.at(-1)?.href ?? requested.href;
}

export function flattenHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function tooLarge(service: ServiceLabel, max: number): ProviderError {
  return new ProviderError({
    code: 'bad_reply',
    message: `${service.name} answered with more than ${sizeText(max)} of JSON (a status or submit answer is a few KiB); Genloom stopped reading it.`,
    retryable: false,
    mayHaveReachedServer: true,
  });
}

/** Reads a body up to `max` bytes; past it, stops reading and throws `tooLarge`. */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  max: number,
  service: ServiceLabel,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > max) {
      body.destroy();
      throw tooLarge(service, max);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first `max` bytes of a body (an error page), the rest left unread. */
async function readHead(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(buf.subarray(0, max - size));
    size += buf.length;
    if (size >= max) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class Http {
  private readonly agent: Agent;
  /** The agent with redirects followed, for downloads only: a JSON call never follows one. */
  private readonly following: Dispatcher;
  private readonly opts: typeof DEFAULTS & HttpOptions;
  private closed = false;

  constructor(options: HttpOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.agent = new Agent({
      connections: this.opts.connectionsPerOrigin,
      connect: { timeout: this.opts.connectTimeoutMs },
      headersTimeout: this.opts.headersTimeoutMs,
      bodyTimeout: this.opts.bodyTimeoutMs,
      keepAliveTimeout: this.opts.keepAliveTimeoutMs,
    });
    this.following = this.agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('Http.close() was called; create a new Http.');
  }

  private scrub(text: string | undefined): string | undefined {
    return text === undefined ? undefined : redact(text, this.opts.secrets ?? []);
  }

  private transportError(err: unknown, service: ServiceLabel): ProviderError {
    const e = errorForTransport(err, service);
    if (err instanceof ProviderError) return e;
    return new ProviderError({
      code: e.code,
      message: this.scrub(e.message) ?? e.message,
      retryable: e.retryable,
      mayHaveReachedServer: e.mayHaveReachedServer,
      cause: err,
    });
  }

  /** One JSON call. Resolves with the parsed 2xx answer; throws ProviderError otherwise. */
  async json(req: JsonRequest): Promise<JsonResponse> {
    const url = new URL(req.url);
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      body = req.form;
    }
    throwIfKeyInClear(url, headers, this.opts.secrets ?? [], req.service);
    let res: Dispatcher.ResponseData;
    let text: string;
    try {
      this.checkOpen();
      res = await this.agent.request({
        origin: url.origin,
        method: req.method,
        path: url.pathname + url.search,
        headers,
        body,
        signal: req.signal,
        headersTimeout: req.headersTimeoutMs ?? this.opts.headersTimeoutMs,
      });
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const max = req.maxBytes ?? this.opts.maxJsonBytes;
      // An announced length past the cap is refused before a byte of the body is read.
      const announced = Number(flattenHeaders(res.headers)['content-length'] ?? NaN);
      if (ok && announced > max) {
        res.body.destroy();
        throw tooLarge(req.service, max);
      }
      // An error answer is classified by its status: its page is read only as far as an
      // error envelope can reach, never refused for its size.
      text = ok
        ? await readCapped(res.body, max, req.service)
        : await readHead(res.body, ERROR_BODY_BYTES);
    } catch (err) {
      throw this.transportError(err, req.service);
    }
    const resHeaders = flattenHeaders(res.headers);
    const parsed = parseJsonOrText(text);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const detail = req.describeError?.(parsed) ?? {};
      throw errorForStatus(
        res.statusCode,
        req.service,
        { ...detail, providerMessage: this.scrub(detail.providerMessage) },
        parseRetryAfter(resHeaders['retry-after']),
      );
    }
    if (typeof parsed === 'string') {
      // A 2xx that is not JSON is most often a cut-short answer; polling it again is safe.
      throw new ProviderError({
        code: 'bad_reply',
        message: `${req.service.name} answered with something that is not JSON (HTTP ${res.statusCode}).`,
        retryable: true,
        mayHaveReachedServer: true,
        httpStatus: res.statusCode,
      });
    }
    return { status: res.statusCode, headers: resHeaders, body: parsed };
  }

  /**
   * Streaming GET for downloads. Follows up to 5 redirects (undici drops Authorization when the
   * origin changes). Non-2xx answers throw: 403/404/410 as `expired`, the rest as classified.
   */
  async stream(url: string, req: StreamRequest = {}): Promise<StreamResponse> {
    const service = req.service ?? DOWNLOAD_SERVICE;
    const requested = new URL(url);
    const headers: Record<string, string> = { ...req.headers };
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    if (req.range) headers.range = `bytes=${req.range.start}-${req.range.end ?? ''}`;
    throwIfKeyInClear(requested, headers, this.opts.secrets ?? [], service);
    let res: Dispatcher.ResponseData;
    try {
      this.checkOpen();
      res = await this.following.request({
        origin: requested.origin,
        method: 'GET',
        path: requested.pathname + requested.search,
        headers,
        signal: req.signal,
        headersTimeout: req.headersTimeoutMs ?? this.opts.headersTimeoutMs,
        bodyTimeout: req.bodyTimeoutMs ?? this.opts.bodyTimeoutMs,
      });
    } catch (err) {
      throw this.transportError(err, service);
    }
    const resHeaders = flattenHeaders(res.headers);
    if (res.statusCode === 200 || res.statusCode === 206) {
      return {
        status: res.statusCode,
        headers: resHeaders,
        body: res.body,
        url: finalUrl(res, requested),
      };
    }
    const text = await readHead(res.body, ERROR_BODY_BYTES).catch(() => '');
    if ([403, 404, 410].includes(res.statusCode)) {
      throw new ProviderError({
        code: 'expired',
        httpStatus: res.statusCode,
        retryable: false,
        mayHaveReachedServer: true,
        message: `The result URL is no longer available (HTTP ${res.statusCode}); result links expire (often after 24 h). Download results promptly after a task finishes.`,
      });
    }
    throw errorForStatus(
      res.statusCode,
      service,
      { providerMessage: this.scrub(text.slice(0, 300)) || undefined },
      parseRetryAfter(resHeaders['retry-after']),
    );
  }

  /** Closes the agent and every pool in it; pending requests finish first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.agent.close();
  }
}
export function createHttp(options: HttpOptions = {}): Http {
  return new Http(options);
}

/**
 * The one error type every provider call throws, and the rules that turn an HTTP status or a
 * transport failure into it. Messages say what the user should do; keys never appear in them.
 */

export type ProviderErrorCode =
  | 'bad_key'
  | 'no_balance'
  | 'content_rejected'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'bad_reply'
  | 'aborted'
  | 'expired'
  | 'submit_outcome_unknown'
  | 'not_supported';

/** Who was being talked to, so a message can name the provider and the setting to fix. */
export interface ServiceLabel {
  /** Display name, e.g. "PoYo". */
  name: string;
  /** Environment variable that holds the key, e.g. GENLOOM_POYO_API_KEY. */
  keyEnv?: string;
}

export interface ProviderErrorInit {
  code: ProviderErrorCode;
  message: string;
  retryable: boolean;
  /**
   * False only when the request provably never reached the server (connection refused, DNS,
   * connect timeout). A submit that may have reached it must not be resent blindly.
   */
  mayHaveReachedServer: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  providerMessage?: string;
  /** The provider's own error code (Modelverse `error.code`, APIXO failCode...). */
  providerCode?: string;
  /** True when the body was the provider's own error envelope, not a proxy page. */
  hasEnvelope?: boolean;
  cause?: unknown;
}

const BEARER = /Bearer\s+[^\s"',;]+/gi;

/** Removes bearer tokens and any of the given secrets from a text meant for logs or users. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(BEARER, 'Bearer [redacted]');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly mayHaveReachedServer: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly providerMessage?: string;
  readonly providerCode?: string;
  readonly hasEnvelope: boolean;

  constructor(init: ProviderErrorInit) {
    super(redact(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.code = init.code;
    this.retryable = init.retryable;
    this.mayHaveReachedServer = init.mayHaveReachedServer;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.providerMessage =
      init.providerMessage === undefined ? undefined : redact(init.providerMessage);
    this.providerCode = init.providerCode;
    this.hasEnvelope = init.hasEnvelope ?? false;
  }

  /** The plain shape that crosses IPC or goes into the store. */
  toJSON(): { code: ProviderErrorCode; message: string; httpStatus?: number } {
    return { code: this.code, message: this.message, httpStatus: this.httpStatus };
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}

/** What a provider's error body said, as each client's parser extracts it. */
export interface ErrorDetail {
  providerMessage?: string;
  providerCode?: string;
  /** The body was the provider's own JSON error envelope. */
  hasEnvelope?: boolean;
  /** The provider's words mark this as a content-policy rejection. */
  contentRejected?: boolean;
  /** The provider's words mark this as an exhausted balance or spending quota. */
  noBalance?: boolean;
}

const CONTENT_WORDS = /sensitive|nsfw|prohibited|violat|safety|moderation|content[ _-]?polic/i;

/** True when a provider's code or message says the content was refused by a safety check. */
export function looksLikeContentRejection(...texts: (string | undefined)[]): boolean {
  return texts.some((t) => t !== undefined && CONTENT_WORDS.test(t));
}

function suffix(detail: ErrorDetail): string {
  return detail.providerMessage ? `: ${detail.providerMessage}` : '';
}

/**
 * Classifies an HTTP error answer. Fatal: 400, 401, 402, 403, 404 (and other 4xx). Retryable:
 * 408, 429, 5xx. The server saw the request in every case, so mayHaveReachedServer is true.
 */
export function errorForStatus(
  status: number,
  service: ServiceLabel,
  detail: ErrorDetail = {},
  retryAfterMs?: number,
): ProviderError {
  const base = {
    httpStatus: status,
    mayHaveReachedServer: true,
    providerMessage: detail.providerMessage,
    providerCode: detail.providerCode,
    hasEnvelope: detail.hasEnvelope,
  };
  const n = service.name;
  const why = suffix(detail);
  const fatal = (code: ProviderErrorCode, message: string): ProviderError =>
    new ProviderError({ ...base, code, message, retryable: false });
  if (detail.contentRejected && status < 500) {
    return fatal(
      'content_rejected',
      `${n} rejected the content (HTTP ${status})${why}. Change the prompt or the input images.`,
    );
  }
  if (detail.noBalance && status < 500) {
    return fatal(
      'no_balance',
      `${n} says the balance or quota is used up (HTTP ${status})${why}. Top up the ${n} account or raise the key's quota, then retry.`,
    );
  }
  switch (status) {
    case 401:
      return fatal(
        'bad_key',
        `${n} rejected the API key (HTTP 401)${why}. Check ${service.keyEnv ?? 'the key'} or the key in Settings.`,
      );
    case 402:
      return fatal(
        'no_balance',
        `${n} says the balance is insufficient (HTTP 402)${why}. Top up the ${n} account, then retry.`,
      );
    case 403:
      return fatal(
        'forbidden',
        `${n} refused access (HTTP 403)${why}. Check that the key may use this model.`,
      );
    case 404:
      return fatal('not_found', `${n} could not find the model or task (HTTP 404)${why}.`);
    case 408:
      return new ProviderError({
        ...base,
        code: 'timeout',
        retryable: true,
        retryAfterMs,
        message: `${n} timed out handling the request (HTTP 408)${why}. Genloom retries it.`,
      });
    case 429:
      return new ProviderError({
        ...base,
        code: 'rate_limited',
        retryable: true,
        retryAfterMs,
        message: `${n} is rate limiting requests (HTTP 429)${why}. Genloom waits and retries; lower the concurrency if this persists.`,
      });
  }
  if (status >= 500) {
    return new ProviderError({
      ...base,
      code: 'server_error',
      retryable: true,
      retryAfterMs,
      message: `${n} had a server error (HTTP ${status})${why}. Genloom retries; if it persists, try again later.`,
    });
  }
  return fatal(
    'bad_request',
    `${n} refused the request as invalid (HTTP ${status})${why}. Fix the listed field and submit again.`,
  );
}

// Failures that prove the request never left this machine or never reached a server.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCodeOf(cause);
}

/** Classifies a transport failure (no HTTP answer, or an answer cut short). */
export function errorForTransport(err: unknown, service: ServiceLabel): ProviderError {
  if (err instanceof ProviderError) return err;
  const code = errorCodeOf(err);
  const name = err instanceof Error ? err.name : '';
  if (code === 'UND_ERR_ABORTED' || code === 'UND_ERR_ABORT' || name === 'AbortError') {
    return new ProviderError({
      code: 'aborted',
      message: `The request to ${service.name} was cancelled.`,
      retryable: false,
      mayHaveReachedServer: true,
      cause: err,
    });
  }
  const notSent = code !== undefined && NOT_SENT.has(code);
  if (code !== undefined && TIMEOUTS.has(code)) {
    return new ProviderError({
      code: 'timeout',
      message: `${service.name} did not answer in time (${code}). Check the network; Genloom retries where it is safe.`,
      retryable: true,
      mayHaveReachedServer: !notSent,
      cause: err,
    });
  }
  return new ProviderError({
    code: 'network',
    message: `Could not talk to ${service.name} (${code ?? (err instanceof Error ? err.message : 'unknown error')}). Check the network connection and the base URL.`,
    retryable: true,
    mayHaveReachedServer: !notSent,
    cause: err,
  });
}

/**
 * Parses Retry-After: delay-seconds or an HTTP date. Returns milliseconds from now, or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A key goes over plain http only to this machine (the simulator, a local proxy): the base URL
 * setting's rule, kept at the socket too because a base URL can also come from the
 * environment. Without a key plain http is allowed (a result host's link).
 */
export function throwIfKeyInClear(
  url: URL,
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[],
  service: ServiceLabel,
): void {
  if (url.protocol !== 'http:' || LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return;
  const carriesKey = Object.entries(headers).some(
    ([name, value]) =>
      name.toLowerCase() === 'authorization' || secrets.some((s) => s !== '' && value.includes(s)),
  );
  if (!carriesKey) return;
  throw new ProviderError({
    code: 'bad_request',
    message: `Genloom did not send the ${service.name} key to ${url.host} over plain http: the base URL must use https (plain http only for 127.0.0.1 or localhost).`,
    retryable: false,
    mayHaveReachedServer: false,
  });
}

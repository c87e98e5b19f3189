import type { ProviderError } from '../http';

export type DownloadErrorCode =
  | 'url_expired'
  | 'http_error'
  | 'truncated'
  | 'network'
  | 'aborted'
  | 'too_large'
  | 'io_error'
  /** An inline (data: URL) output whose data cannot be decoded. */
  | 'inline_invalid';

/** A download that could not be completed. The message is meant for the user as is. */
export class DownloadError extends Error {
  readonly code: DownloadErrorCode;
  readonly httpStatus?: number;
  constructor(
    code: DownloadErrorCode,
    message: string,
    opts: { httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DownloadError';
    this.code = code;
    this.httpStatus = opts.httpStatus;
  }

  toJSON(): { code: DownloadErrorCode; message: string; httpStatus?: number } {
    return { code: this.code, message: this.message, httpStatus: this.httpStatus };
  }
}

export const EXPIRED_MESSAGE = "the provider's result link expired before it could be downloaded";

/** Turns the last HTTP-layer failure into the download's own error. */
export function toDownloadError(
  err: ProviderError,
  truncated: { got: number; expected: number } | null,
): DownloadError {
  const status = err.httpStatus;
  if (err.code === 'expired') {
    return new DownloadError('url_expired', `${EXPIRED_MESSAGE} (HTTP ${status ?? '?'}).`, {
      httpStatus: status,
      cause: err,
    });
  }
  if (err.code === 'aborted') {
    return new DownloadError('aborted', 'The download was cancelled.', { cause: err });
  }
  if (truncated) {
    return new DownloadError(
      'truncated',
      `The download kept stopping early (last try: ${truncated.got} of ${truncated.expected} bytes); giving up after several retries.`,
      { cause: err },
    );
  }
  if (status !== undefined) {
    return new DownloadError(
      'http_error',
      `The result host answered HTTP ${status}; the file could not be downloaded.`,
      { httpStatus: status, cause: err },
    );
  }
  return new DownloadError('network', `The download failed: ${err.message}`, { cause: err });
}

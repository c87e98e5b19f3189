/**
 * What a failed save of a paid output means for the delivery loop (runner/deliver.ts): its
 * code and message for the task, and whether another try can help (a folder, a disk or a
 * connection may recover; a dead link, a bad file or an impossible path will not).
 */
import { DownloadError } from './download-error';
import { NamingError } from '../../../shared/naming/template';
import { fsReason } from './output-dir';

/**
 * Task error codes of a delivery that gave up while the provider's result may still be there
 * (the folder, the disk or the connection failed, not the result): a retry of such a task can
 * download again instead of paying for a new attempt.
 */
export const REDOWNLOADABLE_CODES: ReadonlySet<string> = new Set([
  'io_error',
  'network',
  'truncated',
  'http_error',
]);

export interface Failure {
  code: string;
  message: string;
  /** Worth another try: the cause may go away (a folder, a disk, a connection). */
  transient: boolean;
}

/** A database error is not a delivery failure: the runner retries the delivery itself. */
export function isDbError(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return e?.name === 'SqliteError' || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_'));
}

/** Errors of the path itself, which no later try can change. */
const PERMANENT_FS = new Set(['ENAMETOOLONG', 'EINVAL', 'ELOOP']);
const fsCode = (err: unknown): string | undefined =>
  (err as NodeJS.ErrnoException | null)?.code ?? undefined;

export function failureOf(err: unknown, outDir: string): Failure {
  if (err instanceof DownloadError) {
    const status = err.httpStatus;
    const transient =
      (err.code === 'io_error' && !PERMANENT_FS.has(fsCode(err.cause) ?? '')) ||
      err.code === 'network' ||
      err.code === 'truncated' ||
      (err.code === 'http_error' &&
        (status === undefined || status >= 500 || status === 408 || status === 429));
    return { code: err.code, message: err.message, transient };
  }
  if (err instanceof NamingError) return { code: err.code, message: err.message, transient: false };
  const e = err as NodeJS.ErrnoException | null;
  if (typeof e?.code === 'string') {
    // The folders of the output path (created before the download starts).
    return {
      code: 'io_error',
      message: `Could not save the output under ${outDir}: ${fsReason(err)}.`,
      transient: !PERMANENT_FS.has(e.code),
    };
  }
  return {
    code: 'download_failed',
    message: err instanceof Error ? err.message : String(err),
    transient: false,
  };
}

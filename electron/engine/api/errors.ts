// Turns anything a handler throws into the envelope's {code, message}: known codes cross as
// they are, everything else becomes `internal`. Every message is redacted on the way out.
import { AppError, ERROR_CODES } from '../../../shared/ipc/envelope';
import type { ErrorCode, IpcError, Issue } from '../../../shared/ipc/envelope';
import { redact, redactError } from '../vault/redact';

const KNOWN = new Set<string>(ERROR_CODES);

/** Engine, store and provider codes mapped onto the codes a renderer acts on. */
const CODE_MAP: Readonly<Record<string, ErrorCode>> = {
  invalid_spec: 'invalid_input',
  invalid_params: 'invalid_input',
  bad_cursor: 'invalid_input',
  bad_request: 'invalid_input',
  secret_refused: 'invalid_input',
  no_tasks: 'invalid_input',
  too_many_tasks: 'invalid_input',
  budget_exceeded: 'invalid_input',
  unknown_batch: 'not_found',
  unknown_task: 'not_found',
  unknown_output: 'not_found',
  bad_state: 'conflict',
  // Another process drives this database's batches; the message names it and says what to do.
  db_busy: 'conflict',
  illegal_transition: 'conflict',
  bad_key: 'provider_error',
  no_balance: 'provider_error',
  rate_limited: 'provider_error',
  server_error: 'provider_error',
  timeout: 'provider_error',
  network: 'provider_error',
  no_provider: 'not_available',
  no_key: 'not_available',
};

function mapCode(code: unknown): ErrorCode {
  if (typeof code !== 'string') return 'internal';
  if (KNOWN.has(code)) return code as ErrorCode;
  return CODE_MAP[code] ?? 'internal';
}

function issuesOf(error: unknown): Issue[] | undefined {
  if (typeof error !== 'object' || error === null || !('issues' in error)) return undefined;
  const raw = (error as { issues: unknown }).issues;
  if (!Array.isArray(raw)) return undefined;
  const issues = raw.flatMap((item: unknown): Issue[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, message } = item as { field?: unknown; message?: unknown };
    return typeof message === 'string'
      ? [{ field: typeof field === 'string' ? redact(field) : '', message: redact(message) }]
      : [];
  });
  return issues.length > 0 ? issues : undefined;
}

export function toIpcError(error: unknown, channel: string): IpcError {
  if (error instanceof AppError) {
    const issues = issuesOf(error);
    return issues
      ? { code: error.code, message: redact(error.message), issues }
      : { code: error.code, message: redact(error.message) };
  }
  const code = mapCode(
    typeof error === 'object' && error !== null && 'code' in error
      ? (error as { code: unknown }).code
      : undefined,
  );
  const message =
    error instanceof Error && error.message !== ''
      ? redactError(error)
      : `${channel} failed unexpectedly`;
  const issues = issuesOf(error);
  return issues ? { code, message, issues } : { code, message };
}

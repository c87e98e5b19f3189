// Errors the engine facade throws on purpose (results that are not values: a refused action).
// The code is for programs (the IPC layer maps it, the CLI picks its exit code); the message
// is for the user and says what to do.

export type EngineErrorCode =
  /** Another process drives this database's batches (see driver-lease.ts). */
  | 'db_busy'
  /** An argument breaks a rule; the message names it. */
  | 'invalid_input';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function isDbBusy(error: unknown): error is EngineError {
  return error instanceof EngineError && error.code === 'db_busy';
}

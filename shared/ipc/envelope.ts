// Results cross IPC and the bridge socket in an envelope: a thrown Error loses its fields on the
// way, so only a code and a human message (plus field issues for forms) ever cross.
import { z } from 'zod';

/** The error codes a caller can act on. Anything else is `internal`. */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden',
  'not_found',
  'not_available',
  'conflict',
  'provider_error',
  'invalid_output',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const IssueSchema = z.strictObject({ field: z.string(), message: z.string() });
export type Issue = z.infer<typeof IssueSchema>;

export const IpcErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Per-field problems, so a form can point at the field that breaks a rule. */
  issues: z.array(IssueSchema).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const EnvelopeSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: IpcErrorSchema }),
]);

export function okEnvelope<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function errEnvelope(code: ErrorCode, message: string, issues?: Issue[]): Envelope<never> {
  return issues && issues.length > 0
    ? { ok: false, error: { code, message, issues } }
    : { ok: false, error: { code, message } };
}

/** An error a handler throws on purpose: its code and message cross as they are. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: Issue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
}

/** Turns zod issues into "field: rule" issues and one sentence naming them. */
export function issuesFromZodError(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

export function describeIssues(issues: readonly Issue[], limit = 3): string {
  const shown = issues
    .slice(0, limit)
    .map((issue) => (issue.field === '' ? issue.message : `${issue.field} ${issue.message}`));
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}

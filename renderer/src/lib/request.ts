// Stores want errors as values (to show beside the form, not to crash a render): this wraps the
// typed api.call() into a result, and names the one place the renderer meets the transport.
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import type { ErrorCode, Issue } from '../../../shared/ipc/envelope';
import type { EventNameOnly } from '../../../shared/ipc/names';
import { ApiError, call, subscribe } from './api';

export type IssueList = Issue[];

export type Result<T> =
  { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; issues: IssueList };

export async function request<C extends Channel>(
  channel: C,
  input: Input<C>,
): Promise<Result<Output<C>>> {
  try {
    return { ok: true, value: await call(channel, input) };
  } catch (error) {
    if (error instanceof ApiError) {
      return { ok: false, code: error.code, message: error.message, issues: error.issues };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'internal', message, issues: [] };
  }
}

// Payload types come through api.subscribe's own signature: the lint layer rules refuse any
// import path ending in "events" (the Node module's name), shared/ipc/events.ts included.
export type EventName = EventNameOnly;
export type EventPayload<E extends EventName> = Parameters<Parameters<typeof subscribe<E>>[1]>[0];

export function listen<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return subscribe(event, listener);
}

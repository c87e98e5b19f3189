import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { simError } from './envelopes';
import type { SimError } from './envelopes';
import type { ParsedBody } from './http-io';
import type { SimState, SimTask } from './state';
import { retryAfterSeconds, unfinishedTasks } from './tasks';
import type { RecordedRequest, SimProvider } from './types';

/** Everything a route handler needs about one request. */
export interface Ctx {
  state: SimState;
  provider: SimProvider;
  req: IncomingMessage;
  method: string;
  path: string;
  /** Path segments captured by the route (task id, model slug). */
  params: string[];
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  requestId: string;
  /** The authenticated key; '' on routes that need none. */
  apiKey: string;
  /** This request in the log: handlers note the task it created or replayed. */
  record: RecordedRequest;
}

/**
 * `Authorization: Bearer <key>` for every provider (docs §0). Modelverse's own examples also
 * send the bare key (§3.1), so the simulator accepts that form there only.
 */
export function authenticate(
  state: SimState,
  provider: SimProvider,
  header: string | undefined,
): { key: string } | { error: SimError } {
  if (!header)
    return { error: simError(401, 'Missing Authorization header (expected "Bearer <key>")') };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const key =
    m?.[1] ?? (provider === 'modelverse' && !/\s/.test(header.trim()) ? header.trim() : null);
  if (key === null) return { error: simError(401, 'Authorization header must be "Bearer <key>"') };
  if (key === state.brokeKey || state.keys[provider].includes(key)) return { key };
  return { error: simError(401, 'Invalid API key') };
}

/** The parsed JSON body, or the 400 that explains why there is none. */
export function jsonBody(ctx: Ctx): { value: unknown } | { error: SimError } {
  switch (ctx.body.kind) {
    case 'json':
      return { value: ctx.body.value };
    case 'empty':
      return { error: simError(400, 'body is required (a JSON object)') };
    case 'invalid':
      return { error: simError(400, ctx.body.message) };
    case 'multipart':
      return { error: simError(400, 'Content-Type must be application/json (got multipart)') };
  }
}

/** The checks between a valid request and a new task: balance, then concurrency. */
export function admission(ctx: Ctx, balanceError: () => SimError): SimError | null {
  if (ctx.apiKey === ctx.state.brokeKey) return balanceError();
  const open = unfinishedTasks(ctx.state, ctx.provider, ctx.apiKey);
  if (open.length >= ctx.state.opts.concurrency) {
    return {
      status: 429,
      message: `Concurrency limit reached: ${open.length} unfinished tasks for this key (limit ${ctx.state.opts.concurrency})`,
      retryAfterSec: retryAfterSeconds(ctx.state, open),
    };
  }
  return null;
}

/** A task of this provider and key, or undefined (other keys' tasks are not visible). */
export function ownTask(ctx: Ctx, id: string | undefined): SimTask | undefined {
  if (id === undefined) return undefined;
  const t = ctx.state.tasks.get(id);
  return t && t.provider === ctx.provider && t.apiKey === ctx.apiKey ? t : undefined;
}

/** PoYo's naive ISO time ("2025-11-12T10:30:00"): UTC wall time, as no zone is documented. */
export function naiveIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

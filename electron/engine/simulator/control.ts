import { z } from 'zod';
import { describeIssues, faultSpecSchema } from './faults';
import { jsonResponse } from './http-io';
import type { ParsedBody, SimResponse } from './http-io';
import { SIM_PROVIDERS } from './types';
import type { RuntimeOptions, SimStats, SimTaskView } from './types';

/** Options that may change at run time; every field optional, unknown fields refused. */
export const runtimePatchSchema = z
  .object({
    latencyMs: z.number().int().min(0),
    jitter: z.number().min(0).max(1),
    latencyOverrides: z.array(
      z
        .object({
          provider: z.enum(SIM_PROVIDERS).optional(),
          model: z.string().min(1).optional(),
          latencyMs: z.number().int().min(0),
        })
        .strict(),
    ),
    slowFactor: z.number().min(1),
    concurrency: z.number().int().min(1),
    urlTtlMs: z.number().int().min(0),
    uploadTtlMs: z.number().int().min(0),
    maxImageSide: z.number().int().min(16).max(4096),
    failureRate: z.number().min(0).max(1),
    errorRate: z.number().min(0).max(1),
    rejectUnknownFields: z.boolean(),
    maxRecordedRequests: z.number().int().min(1),
  })
  .partial()
  .strict();

export function parseRuntimePatch(
  value: unknown,
): { ok: true; value: Partial<RuntimeOptions> } | { ok: false; message: string } {
  const parsed = runtimePatchSchema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data as Partial<RuntimeOptions> }
    : { ok: false, message: `invalid options: ${describeIssues(parsed.error)}` };
}

/** What the control surface drives; the Simulator object provides it. */
export interface ControlTarget {
  snapshot(): Record<string, unknown>;
  tasks(): SimTaskView[];
  requestsSince(seq: number): unknown[];
  stats(): SimStats;
  addFault(spec: unknown): number;
  clearFaults(): void;
  reset(): void;
  advance(ms: number): void;
  configure(patch: Partial<RuntimeOptions>): void;
}

function bad(message: string): SimResponse {
  return jsonResponse(400, { ok: false, error: { code: 'invalid_request', message } });
}

const ok = (value: unknown) => jsonResponse(200, { ok: true, value });

/**
 * The HTTP control surface under /__sim/, for tests that drive Genloom in a child process.
 * It needs no key: the server listens on 127.0.0.1 only.
 */
export function handleControl(
  target: ControlTarget,
  method: string,
  path: string,
  query: Record<string, string>,
  body: ParsedBody,
): SimResponse {
  const json = body.kind === 'json' ? body.value : undefined;
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /__sim/state':
      return ok(target.snapshot());
    case 'GET /__sim/tasks':
      return ok(target.tasks());
    case 'GET /__sim/stats':
      return ok(target.stats());
    case 'GET /__sim/requests': {
      const since = Number(query.since ?? '0');
      if (!Number.isInteger(since) || since < 0) return bad('since must be a non-negative integer');
      return ok(target.requestsSince(since));
    }
    case 'POST /__sim/faults': {
      const list: unknown[] = Array.isArray(json) ? json : [json];
      for (const [i, spec] of list.entries()) {
        const parsed = faultSpecSchema.safeParse(spec);
        if (!parsed.success) return bad(`fault ${i}: ${describeIssues(parsed.error)}`);
      }
      return ok({ ids: list.map((spec) => target.addFault(spec)) });
    }
    case 'DELETE /__sim/faults':
      target.clearFaults();
      return ok(null);
    case 'POST /__sim/reset':
      target.reset();
      return ok(null);
    case 'POST /__sim/advance': {
      const ms = (json as { ms?: unknown } | undefined)?.ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
        return bad('ms must be a non-negative number of milliseconds');
      target.advance(ms);
      return ok(null);
    }
    case 'POST /__sim/options': {
      const patch = parseRuntimePatch(json);
      if (!patch.ok) return bad(patch.message);
      target.configure(patch.value);
      return ok(null);
    }
    default:
      return jsonResponse(404, {
        ok: false,
        error: {
          code: 'not_found',
          message: `no control route ${route} (see GET /__sim/state, /__sim/tasks, /__sim/stats, /__sim/requests; POST /__sim/faults, /__sim/reset, /__sim/advance, /__sim/options; DELETE /__sim/faults)`,
        },
      });
  }
}

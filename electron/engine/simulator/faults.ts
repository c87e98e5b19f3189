import { z } from 'zod';
import { FAULT_KINDS, OVERRIDE_FAULTS, SIM_PROVIDERS, TRANSPORT_FAULTS } from './types';
import type { ActiveFault, FaultControl, FaultKind, FaultMatch, FaultSpec } from './types';

/** A JSON number token, as `raw` cost values must be (JSON has no NaN or Infinity literal). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export const faultSpecSchema = z
  .object({
    provider: z.enum(SIM_PROVIDERS).optional(),
    route: z.enum(['submit', 'status', 'upload', 'download', 'any']),
    kind: z.enum(FAULT_KINDS),
    times: z.union([z.number().int().positive(), z.literal('always')]).optional(),
    phase: z.enum(['before', 'after']).optional(),
    firstPolls: z.number().int().positive().optional(),
    taskId: z.string().min(1).optional(),
    value: z.union([z.number(), z.string(), z.null()]).optional(),
    raw: z.boolean().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    // Each kind names the one place it can act; anywhere else it would silently never fire.
    if (f.kind === 'notFound' && f.route !== 'status')
      issue('route', `notFound applies to route "status" only (got "${f.route}")`);
    if (f.kind === 'notFound' && f.phase === 'after')
      issue('phase', 'notFound answers instead of the task, so phase must be "before"');
    if (f.kind === 'b64json') {
      if (f.route !== 'submit')
        issue('route', `b64json applies to route "submit" only (got "${f.route}")`);
      if (f.provider !== undefined && f.provider !== 'modelverse')
        issue('provider', `b64json applies to modelverse only (got "${f.provider}")`);
    }
    if (f.kind === 'cost') {
      if (f.route !== 'status')
        issue('route', `cost applies to route "status" only (got "${f.route}")`);
      if (f.provider !== undefined && f.provider !== 'poyo')
        issue('provider', `cost applies to poyo only, whose status reports credits_amount`);
      if (f.value === undefined) issue('value', 'is required for kind cost');
    } else {
      if (f.value !== undefined) issue('value', 'applies to kind cost only');
      if (f.raw !== undefined) issue('raw', 'applies to kind cost only');
    }
    if (f.raw === true && (typeof f.value !== 'string' || !JSON_NUMBER.test(f.value)))
      issue('raw', 'needs value to be a JSON number token written as a string, e.g. "1e999"');
    if (f.route !== 'status' && f.firstPolls !== undefined)
      issue('firstPolls', `applies to route "status" only (got "${f.route}")`);
    if (f.route !== 'status' && f.taskId !== undefined)
      issue('taskId', `applies to route "status" only (got "${f.route}")`);
  });

/** Turns a zod failure into one line naming the field and the rule. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'fault'}: ${i.message}`)
    .join('; ');
}

const TRANSPORT: readonly FaultKind[] = TRANSPORT_FAULTS;
const OVERRIDE: readonly FaultKind[] = OVERRIDE_FAULTS;

export class FaultRegistry implements FaultControl {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const parsed = faultSpecSchema.safeParse(spec);
    if (!parsed.success) throw new Error(`invalid fault: ${describeIssues(parsed.error)}`);
    const s = parsed.data;
    const id = this.nextId++;
    this.faults.push({
      id,
      provider: s.provider ?? null,
      route: s.route,
      kind: s.kind,
      times: s.times ?? 1,
      phase: s.kind === 'truncate' ? 'after' : (s.phase ?? 'before'),
      firstPolls: s.firstPolls ?? null,
      taskId: s.taskId ?? null,
      value: s.value ?? null,
      raw: s.raw ?? false,
      fired: 0,
    });
    return id;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /**
   * The first live fault of the given family matching this request, consumed by one use;
   * null when none. The server takes transport faults; a handler takes an override when the
   * answer it would change is being made (a finished status, a sync success).
   */
  take(m: FaultMatch, family: 'transport' | 'override' = 'transport'): ActiveFault | null {
    if (m.route === 'control') return null;
    const kinds = family === 'transport' ? TRANSPORT : OVERRIDE;
    const hit = this.faults.find(
      (f) =>
        kinds.includes(f.kind) &&
        (f.route === 'any' || f.route === m.route) &&
        (f.provider === null || f.provider === m.provider) &&
        (f.taskId === null || f.taskId === m.taskId) &&
        (f.firstPolls === null || (m.taskId !== undefined && (m.priorPolls ?? 0) < f.firstPolls)) &&
        (f.times === 'always' || f.fired < f.times),
    );
    if (!hit) return null;
    hit.fired += 1;
    if (hit.times !== 'always' && hit.fired >= hit.times) this.remove(hit.id);
    return { ...hit };
  }
}

export function faultStatus(kind: ActiveFault['kind']): number | null {
  const m = /^http(\d{3})$/.exec(kind);
  return m ? Number(m[1]) : null;
}

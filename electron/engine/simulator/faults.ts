import { z } from 'zod';
import { SIM_PROVIDERS } from './types';
import type { ActiveFault, FaultControl, FaultSpec, SimProvider, SimRoute } from './types';

export const faultSpecSchema = z
  .object({
    provider: z.enum(SIM_PROVIDERS).optional(),
    route: z.enum(['submit', 'status', 'upload', 'download', 'any']),
    kind: z.enum([
      'http500',
      'http502',
      'http503',
      'http504',
      'http429',
      'drop',
      'truncate',
      'hang',
    ]),
    times: z.union([z.number().int().positive(), z.literal('always')]).optional(),
    phase: z.enum(['before', 'after']).optional(),
  })
  .strict();

/** Turns a zod failure into one line naming the field and the rule. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'fault'}: ${i.message}`)
    .join('; ');
}

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

  /** The first live fault matching this request, consumed by one use; null when none. */
  take(provider: SimProvider | null, route: SimRoute): ActiveFault | null {
    if (route === 'control') return null;
    const hit = this.faults.find(
      (f) =>
        (f.route === 'any' || f.route === route) &&
        (f.provider === null || f.provider === provider) &&
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

// Many runs from one seed (run i uses seed + i), and the report: runs, actions taken per
// kind, and per invariant how many runs held it and which seeds broke it.
import { drawPlan } from './plan';
import type { ActionKind, PlanLimits } from './plan';
import { runPlan } from './run';
import type { RunResult } from './run';

export const RULES = [
  'end state',
  'clear reason',
  'files saved',
  'tracked',
  'submitted once',
  'paid output saved',
  'remote id kept',
  'cost bounded',
  'writes contained',
  'one driver',
  'hang',
  'crash',
] as const;

export interface CampaignOptions {
  runs: number;
  seed: number;
  kinds: readonly ActionKind[];
  limits: PlanLimits;
  deadlineMs: number;
  /** Stop starting runs after this long (the runs already going finish). */
  budgetMs?: number;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface CampaignReport {
  results: RunResult[];
  actions: Partial<Record<ActionKind, number>>;
  /** Per rule: seeds of the runs that broke it. */
  broken: Map<string, number[]>;
  ms: number;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const results: RunResult[] = [];
  for (let i = 0; i < o.runs; i++) {
    if (o.budgetMs !== undefined && Date.now() - started > o.budgetMs) {
      log(`time budget of ${o.budgetMs} ms spent: stopping after ${i} run(s)`);
      break;
    }
    const plan = drawPlan(o.seed + i, o.kinds, o.limits);
    log(
      `run ${i + 1}/${o.runs} seed ${plan.seed}: ${plan.variant}, ${plan.tasks} tasks, concurrency ${plan.concurrency} (provider ${plan.simConcurrency}), latency ${plan.latencyMs} ms, ${plan.sessions.length} session(s)`,
    );
    const r = await runPlan(plan, { deadlineMs: o.deadlineMs, keep: o.keep, log });
    results.push(r);
    for (const x of r.violations) log(`  VIOLATION [${x.rule}] ${x.detail}`);
    log(
      `  ${r.violations.length === 0 ? 'ok' : `${r.violations.length} violation(s), folder ${r.dir}`} (${r.ms} ms)`,
    );
  }
  const actions: Partial<Record<ActionKind, number>> = {};
  const broken = new Map<string, number[]>();
  for (const r of results) {
    for (const [k, n] of Object.entries(r.actions) as [ActionKind, number][])
      actions[k] = (actions[k] ?? 0) + n;
    for (const rule of new Set(r.violations.map((x) => x.rule)))
      broken.set(rule, [...(broken.get(rule) ?? []), r.plan.seed]);
  }
  return { results, actions, broken, ms: Date.now() - started };
}

export function formatReport(rep: CampaignReport): string[] {
  const lines = [
    `${rep.results.length} run(s) in ${(rep.ms / 1000).toFixed(1)} s`,
    'actions taken:',
  ];
  for (const [k, n] of Object.entries(rep.actions)) lines.push(`  ${k.padEnd(18)} ${n}`);
  lines.push('invariants:');
  const rules = [
    ...RULES,
    ...[...rep.broken.keys()].filter((k) => !(RULES as readonly string[]).includes(k)),
  ];
  for (const rule of rules) {
    const seeds = rep.broken.get(rule) ?? [];
    lines.push(
      `  ${rule.padEnd(18)} ${seeds.length === 0 ? `held in ${rep.results.length}/${rep.results.length}` : `BROKEN in ${seeds.length}/${rep.results.length}, seeds ${seeds.join(' ')}`}`,
    );
  }
  return lines;
}

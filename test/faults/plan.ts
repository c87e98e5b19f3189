// A run's plan, drawn from its seed: which provider, how many tasks, and for each engine
// session (the first `run`, then `resume`s) the faults armed in the simulator, the one
// disruption while it runs, and the user actions between sessions. The same seed draws the
// same plan; what the engine does with it may still vary with timing, so a failing seed is
// re-run to reproduce, and the report prints the plan.
import { Prng } from '../../electron/engine/simulator/rng';
import type { FaultSpec } from '../../electron/engine/simulator/index';

export const FAULT_ACTIONS = [
  'notFound',
  'http5xx',
  'http429',
  'lostReply',
  'cost',
  'b64json',
  'revoked401',
  'status5xxForever',
] as const;
export const DISRUPTIONS = ['kill9', 'dbLock', 'pause', 'cancel', 'lease'] as const;
export const BETWEEN = ['retry', 'resubmit'] as const;
export const ACTION_KINDS = [...FAULT_ACTIONS, ...DISRUPTIONS, ...BETWEEN] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];
export type Disruption = (typeof DISRUPTIONS)[number];
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Every kind the issue lists, plus the cost and b64_json faults the review found. */
export const DEFAULT_KINDS: readonly ActionKind[] = ACTION_KINDS;

export type Variant = 'poyo' | 'apixo' | 'modelverse' | 'modelverse-sync';

export interface SessionPlan {
  faults: { action: FaultAction; spec: FaultSpec }[];
  disruption: { kind: Disruption; afterRequests: number; holdMs: number } | null;
  /** Before this session: retry the failed tasks (from another process). */
  retryBefore: boolean;
  /** This session is `resume --resubmit-unknown` when tasks wait with an unknown outcome. */
  resubmitUnknown: boolean;
}

export interface RunPlan {
  seed: number;
  variant: Variant;
  tasks: number;
  /** Genloom's --concurrency, and the simulator's per-key limit (below it: 429s). */
  concurrency: number;
  simConcurrency: number;
  latencyMs: number;
  failureRate: number;
  sessions: SessionPlan[];
}

export interface PlanLimits {
  sessions: [number, number];
  tasks: [number, number];
  /** How long a database lock is held: past the engine's 5 s busy_timeout by default. */
  lockMs: number;
}

function applies(action: FaultAction, variant: Variant): boolean {
  if (action === 'cost') return variant === 'poyo';
  if (action === 'b64json') return variant === 'modelverse-sync';
  // The sync API has no status route to fail or hide.
  if (['notFound', 'revoked401', 'status5xxForever'].includes(action))
    return variant !== 'modelverse-sync';
  return true;
}

function faultSpec(action: FaultAction, rng: Prng, int: (lo: number, hi: number) => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  switch (action) {
    case 'notFound':
      // Either every task is invisible for its first polls, or a burst hits whatever polls.
      return rng.next() < 0.5
        ? ({ route: 'status', kind: 'notFound', firstPolls: int(2, 6), times: 'always' } as const)
        : ({ route: 'status', kind: 'notFound', times: int(3, 8) } as const);
    case 'http5xx':
      return {
        route: pick(['submit', 'status', 'download'] as const),
        kind: pick(['http500', 'http502', 'http503', 'http504'] as const),
        times: int(1, 3),
      };
    case 'http429':
      return { route: 'submit', kind: 'http429', times: int(1, 3) } as const;
    case 'lostReply':
      return {
        route: pick(['submit', 'status', 'download'] as const),
        kind: 'drop',
        phase: 'after',
        times: 1,
      } as const;
    case 'cost': {
      const value = pick([-100, 'NaN', '1e999', 1e12, '-0.5'] as const);
      return value === '1e999'
        ? ({ route: 'status', kind: 'cost', value, raw: true, times: 'always' } as const)
        : ({ route: 'status', kind: 'cost', value, times: 'always' } as const);
    }
    case 'b64json':
      return { route: 'submit', kind: 'b64json', times: 'always' } as const;
    case 'revoked401':
      return { route: 'status', kind: 'http401', times: 'always' } as const;
    case 'status5xxForever':
      return { route: 'status', kind: 'http503', times: 'always' } as const;
  }
}

export function drawPlan(seed: number, kinds: readonly ActionKind[], limits: PlanLimits): RunPlan {
  const rng = new Prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const chance = (p: number) => rng.next() < p;
  const enabled = new Set(kinds);
  // Only providers some enabled kind can act on: `--kinds cost` means PoYo runs.
  const all: Variant[] = ['poyo', 'apixo', 'modelverse', 'modelverse-sync'];
  const fits = all.filter((v) =>
    kinds.some(
      (k) => !(FAULT_ACTIONS as readonly string[]).includes(k) || applies(k as FaultAction, v),
    ),
  );
  const variants = fits.length > 0 ? fits : all;
  const variant = variants[int(0, variants.length - 1)] as Variant;
  const faults = FAULT_ACTIONS.filter((a) => enabled.has(a) && applies(a, variant));
  const disruptions = DISRUPTIONS.filter((d) => enabled.has(d));
  const concurrency = int(2, 4);
  const sessions: SessionPlan[] = [];
  const count = int(limits.sessions[0], limits.sessions[1]);
  for (let i = 0; i < count; i++) {
    // A single enabled fault is armed in every session: a targeted run must exercise it.
    const chosen = faults.length === 1 ? faults : faults.filter(() => chance(0.35));
    const disruption =
      disruptions.length > 0 && (disruptions.length === 1 || chance(0.75))
        ? {
            kind: disruptions[int(0, disruptions.length - 1)] as Disruption,
            afterRequests: int(1, 12),
            holdMs: limits.lockMs,
          }
        : null;
    sessions.push({
      faults: chosen.map((action) => ({ action, spec: faultSpec(action, rng, int) })),
      disruption,
      retryBefore: i > 0 && enabled.has('retry') && chance(0.5),
      resubmitUnknown: i > 0 && enabled.has('resubmit') && chance(0.5),
    });
  }
  return {
    seed,
    variant,
    tasks: int(limits.tasks[0], limits.tasks[1]),
    concurrency,
    // Below Genloom's own limit half the time when 429s are wanted: the provider refuses.
    simConcurrency: enabled.has('http429') && chance(0.5) ? Math.max(1, concurrency - 1) : 8,
    latencyMs: int(250, 700),
    failureRate: enabled.has('retry') ? 0.2 : 0,
    sessions,
  };
}

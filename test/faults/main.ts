// The full-size randomized fault test: `tsx test/faults/main.ts --runs 30 --seed N`.
// Prints each run's plan, sessions and violations, then runs, actions per kind and the
// invariant results. Exit 1 when an invariant broke. A failing seed reproduces with
// `--runs 1 --seed <that seed>` (add --keep to keep its folder).
import { killAllChildren } from './children';
import { formatReport, runCampaign } from './campaign';
import { ACTION_KINDS, DEFAULT_KINDS } from './plan';
import type { ActionKind } from './plan';

const HELP = `usage: tsx test/faults/main.ts [--runs N] [--seed N] [--kinds a,b,...] [--deadline-ms N]
  [--sessions LO-HI] [--tasks LO-HI] [--lock-ms N] [--keep]
kinds: ${ACTION_KINDS.join(', ')}
default kinds: ${DEFAULT_KINDS.join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${HELP}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const flags = new Map<string, string>();
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] ?? '';
  if (a === '--help' || a === '-h') {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  if (a === '--keep') flags.set('keep', '1');
  else if (a.startsWith('--') && argv[i + 1] !== undefined) flags.set(a.slice(2), argv[++i] ?? '');
  else fail(`unexpected argument ${JSON.stringify(a)}`);
}
const known = ['runs', 'seed', 'kinds', 'deadline-ms', 'sessions', 'tasks', 'lock-ms', 'keep'];
for (const k of flags.keys()) if (!known.includes(k)) fail(`unknown flag --${k}`);

function int(name: string, fallback: number, min: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    fail(`--${name} must be a whole number of at least ${min} (got "${raw}")`);
  return n;
}

function range(name: string, fallback: [number, number]): [number, number] {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const m = /^(\d+)-(\d+)$/.exec(raw);
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2]);
  if (!m || lo < 1 || hi < lo) fail(`--${name} must be LO-HI with 1 <= LO <= HI (got "${raw}")`);
  return [lo, hi];
}

const kinds = (flags.get('kinds')?.split(',') ?? [...DEFAULT_KINDS]) as ActionKind[];
for (const k of kinds)
  if (!(ACTION_KINDS as readonly string[]).includes(k)) fail(`--kinds: unknown kind "${k}"`);
const seed = int('seed', Math.floor(Math.random() * 1_000_000), 0);
const runs = int('runs', 30, 1);
process.stdout.write(
  `randomized fault test: ${runs} run(s) from seed ${seed}; kinds ${kinds.join(', ')}\n`,
);
process.on('SIGINT', () => {
  killAllChildren();
  process.exit(130);
});
void runCampaign({
  runs,
  seed,
  kinds,
  limits: {
    sessions: range('sessions', [2, 4]),
    tasks: range('tasks', [3, 6]),
    lockMs: int('lock-ms', 6_000, 0),
  },
  deadlineMs: int('deadline-ms', 45_000, 1_000),
  keep: flags.has('keep'),
  log: (line) => process.stdout.write(`${line}\n`),
}).then((report) => {
  process.stdout.write(`\n${formatReport(report).join('\n')}\n`);
  process.exit(report.broken.size > 0 ? 1 : 0);
});

// `run`'s flags turned into the engine's BatchSpec. Every path the user typed is made absolute
// against the folder the command was typed in (user-paths.ts); every problem names its flag.
import { findModel } from '../../../shared/catalog/index';
import type { BatchSpecInput, SpecIssue } from '../../../shared/schemas/batch';
import { parseSetValue, readSetPairs } from '../set-values';
import { absoluteMediaParams, userCwd, userPath } from '../user-paths';

const ALTERNATIVES = /^\{([^{}]*\|[^{}]*)\}$/;

/** The flag a spec field came from, so every message names what the user typed. */
export function flagOf(field: string, promptField: string): string {
  if (field.startsWith('params.')) {
    const key = field.slice('params.'.length).split('.')[0] ?? '';
    return key === promptField ? '--prompt' : `--set ${key}`;
  }
  const top = field.split('.')[0];
  const map: Record<string, string> = {
    provider: '--provider',
    model: '--model',
    prompts: '--prompt/--prompts',
    inputs: '--images',
    budget: '--budget',
    concurrency: '--concurrency',
    pollMs: '--poll-ms',
    output: '--out',
  };
  return map[top ?? ''] ?? field;
}

function number(
  raw: string | undefined,
  flag: string,
  rule: { min: number; max?: number; int: boolean },
  issues: SpecIssue[],
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(n) &&
    n >= rule.min &&
    (rule.max === undefined || n <= rule.max) &&
    (!rule.int || Number.isInteger(n));
  if (!ok) {
    const range = rule.max === undefined ? `above ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    issues.push({
      field: flag,
      message: `must be ${rule.int ? 'a whole number' : 'a number'} ${range} (got "${raw}")`,
    });
    return undefined;
  }
  return n;
}

/** Builds the BatchSpec from the flags; problems name the flag. */
export function specFromFlags(
  args: { strings: ReadonlyMap<string, string>; lists: ReadonlyMap<string, readonly string[]> },
  issues: SpecIssue[],
  defaultOut: string,
): BatchSpecInput | null {
  const s = args.strings;
  const out = s.get('out');
  const provider = s.get('provider');
  const model = s.get('model');
  if (provider === undefined)
    issues.push({ field: '--provider', message: 'is required (poyo, apixo or modelverse)' });
  if (model === undefined)
    issues.push({ field: '--model', message: 'is required; `genloom models` lists them' });
  const prompt = s.get('prompt');
  const promptsFile = s.get('prompts');
  if (prompt !== undefined && promptsFile !== undefined) {
    issues.push({ field: '--prompt', message: 'give --prompt or --prompts, not both' });
  }
  const params: Record<string, unknown> = {};
  const grid: Record<string, unknown[]> = {};
  const sets = readSetPairs(args.lists.get('set') ?? []);
  issues.push(...sets.issues);
  for (const [key, raw] of sets.values) {
    const alt = ALTERNATIVES.exec(raw);
    if (alt) grid[key] = (alt[1] ?? '').split('|').map(parseSetValue);
    else params[key] = parseSetValue(raw);
  }
  const base = userCwd();
  absoluteMediaParams(findModel(provider ?? '', model ?? ''), params, grid, base);
  const images = s.get('images');
  const concurrency = number(
    s.get('concurrency'),
    '--concurrency',
    { min: 1, max: 64, int: true },
    issues,
  );
  const pollMs = number(
    s.get('poll-ms'),
    '--poll-ms',
    { min: 10, max: 600_000, int: true },
    issues,
  );
  const budget = number(s.get('budget'), '--budget', { min: 0, int: false }, issues);
  if (budget === 0)
    issues.push({ field: '--budget', message: 'must be a number above 0 (got "0")' });
  if (issues.length > 0 || provider === undefined || model === undefined) return null;
  let prompts: BatchSpecInput['prompts'];
  if (prompt !== undefined) prompts = { kind: 'text', text: prompt };
  else if (promptsFile !== undefined) {
    const file = userPath(promptsFile, base);
    prompts = /\.csv$/i.test(file) ? { kind: 'csv', file } : { kind: 'list', file };
  } else prompts = images !== undefined ? { kind: 'sidecar' } : { kind: 'none' };
  return {
    provider: provider as BatchSpecInput['provider'],
    model,
    params,
    prompts,
    inputs:
      images === undefined ? { kind: 'none' } : { kind: 'folder', dir: userPath(images, base) },
    variations: Object.keys(grid).length > 0 ? { params: grid } : {},
    // Without --out the default folder is named anyway, so the engine checks it like any other.
    output: { dir: out === undefined ? defaultOut : userPath(out, base) },
    ...(budget !== undefined ? { budget } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
  };
}

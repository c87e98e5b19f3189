// `genloom validate --provider P --model M [--prompt TEXT] [--set key=value]...`
// Exit 0 when the request is valid, 2 when not; each problem goes to stderr as field + rule.
import {
  estimateCost,
  findModel,
  formatCost,
  formatIssues,
  modelId,
  validateInput,
} from '../../../shared/catalog/index';
import type { ValidationIssue } from '../../../shared/catalog/types';
import { EXIT_INVALID, EXIT_OK, defineCommand } from '../args';
import { parseSetValue, readSetPairs } from '../set-values';
import type { CliIo, Command, FlagSpecs } from '../args';

const FLAGS: FlagSpecs = {
  provider: { type: 'string', valueName: 'P', description: 'provider id: poyo, apixo, modelverse' },
  model: { type: 'string', valueName: 'M', description: "the provider's model id" },
  prompt: { type: 'string', valueName: 'TEXT', description: 'the prompt (always taken as text)' },
  set: {
    type: 'string',
    multiple: true,
    valueName: 'key=value',
    description: 'a field; the value is parsed as JSON when it parses, else taken as text',
  },
};

type InputResult =
  { ok: true; input: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] };

/** Builds the request from --prompt and --set; repeated or malformed keys are issues. */
export function buildInput(
  promptField: string,
  prompt: string | undefined,
  sets: readonly string[],
): InputResult {
  const { values, issues } = readSetPairs(sets);
  const entries = new Map<string, unknown>();
  if (prompt !== undefined) entries.set(promptField, prompt);
  for (const [key, raw] of values) {
    if (key === promptField && prompt !== undefined) {
      issues.push({ field: key, message: 'is given by both --prompt and --set; give it once' });
    } else {
      entries.set(key, parseSetValue(raw));
    }
  }
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, input: Object.fromEntries(entries) };
}

function printIssues(issues: readonly ValidationIssue[], io: CliIo): number {
  formatIssues(issues).forEach((line) => io.err(`error: ${line}`));
  return EXIT_INVALID;
}

export const validateCommand: Command = defineCommand({
  summary: 'check a request against the catalog and estimate its cost',
  usage: 'genloom validate --provider P --model M [--prompt TEXT] [--set key=value]...',
  flags: FLAGS,
  async run(args, io) {
    const provider = args.strings.get('provider');
    const model = args.strings.get('model');
    const missing: ValidationIssue[] = [];
    if (provider === undefined) {
      missing.push({ field: '--provider', message: 'is required (poyo, apixo or modelverse)' });
    }
    if (model === undefined) {
      missing.push({ field: '--model', message: 'is required; `genloom models` lists them' });
    }
    if (provider === undefined || model === undefined) return printIssues(missing, io);

    const entry = findModel(provider, model);
    const built = buildInput(
      entry?.promptField ?? 'prompt',
      args.strings.get('prompt'),
      args.lists.get('set') ?? [],
    );
    if (!built.ok) return printIssues(built.issues, io);

    const result = validateInput(provider, model, built.input);
    if (!result.ok) return printIssues(result.issues, io);
    if (entry === undefined) return printIssues([{ field: 'model', message: 'unknown' }], io);

    const cost = estimateCost(entry, result.value);
    io.out(`valid: ${modelId(entry)}, estimated cost ${formatCost(cost)} (${cost.basis})`);
    return EXIT_OK;
  },
});

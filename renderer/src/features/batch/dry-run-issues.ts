// The dry run's problems, put where the user can act on them. Prompt problems (an unclosed
// brace, a file that cannot be read, a CSV without a prompt column) belong at the prompt
// field, once, in words: the engine reports them per input image with its own field names
// (`prompts.file`), which are for logs, not for people.
import type { ModelEntry } from '../../../../shared/catalog/types';
import type { Issue } from '../../../../shared/ipc/envelope';
import { fieldLabel } from './draft-params';
import { plainWords } from './plain-words';
import type { FormErrors, PromptMode } from './types';

/** At most this many distinct prompt problems are spelled out; the rest are counted. */
const MAX_SHOWN = 3;

export interface PlacedIssues {
  /** Errors for the prompt section, by form key (`prompt` or `promptFile`). */
  prompt: FormErrors;
  /** Everything else, for the dry-run panel, each with a plain label. */
  others: { label: string; message: string }[];
}

const isPromptField = (field: string): boolean =>
  field === 'prompts' || field.startsWith('prompts.');

/** Whole-batch counts ("expands into 12000 tasks") are not a fault of the prompt's text. */
const isBatchWide = (message: string): boolean => message.startsWith('the batch expands');

/** The engine's phrasing, turned to read after the field's label ("Prompt: has a '{' ..."). */
export function promptWords(message: string): string {
  const unreadable = /^cannot read (.+)$/.exec(message) ?? /^(.+): file not found$/.exec(message);
  if (unreadable !== null) {
    return `cannot be read: ${unreadable[1]} (check the path and that the file exists)`;
  }
  // The planner reads prompt files like any local file: "<path>: cannot be read (why)".
  const refused = /^(.+): cannot be read \((.+)\)$/.exec(message);
  if (refused !== null) return `cannot be read: ${refused[1]} (${refused[2]})`;
  return message.replace(/^the (fallback )?prompt /, '');
}

function joinDistinct(messages: readonly string[]): string {
  const distinct = [...new Set(messages)];
  const shown = distinct.slice(0, MAX_SHOWN).join('; ');
  const more = distinct.length - MAX_SHOWN;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** A label for an engine field name: `params.image_urls[1]` -> "Input images". */
export function issueLabel(entry: ModelEntry | undefined, field: string): string {
  const param = /^params\.([A-Za-z0-9_]+)/.exec(field);
  if (param !== null) return fieldLabel(entry, `param:${param[1] as string}`);
  const formKeys: Record<string, string> = {
    inputs: 'inputs',
    'variations.seeds': 'seeds',
    'variations.repeat': 'repeat',
    'variations.params': 'variations',
    'output.dir': 'output.dir',
    'output.template': 'output.template',
    'output.collision': 'output.dir',
    budget: 'budget',
    name: 'name',
  };
  const root = field.replace(/\[\d+\]$/, '');
  const key = formKeys[root] ?? formKeys[root.split('.')[0] ?? ''];
  return key === undefined ? 'Batch' : fieldLabel(entry, key);
}

export function placeIssues(
  issues: readonly Issue[],
  mode: PromptMode,
  entry: ModelEntry | undefined,
): PlacedIssues {
  const promptMessages: string[] = [];
  const others: PlacedIssues['others'] = [];
  for (const issue of issues) {
    if (isPromptField(issue.field) && !isBatchWide(issue.message)) {
      promptMessages.push(promptWords(issue.message));
    } else {
      others.push({
        label: issueLabel(entry, issue.field),
        message: plainWords(entry, issue.message),
      });
    }
  }
  const prompt: FormErrors = {};
  if (promptMessages.length > 0) {
    // In the file modes the file field is the one on screen, whatever the engine blamed.
    const key = mode === 'list' || mode === 'csv' ? 'promptFile' : 'prompt';
    prompt[key] = joinDistinct(promptMessages);
  }
  const seen = new Set<string>();
  const distinctOthers = others.filter((issue) => {
    const key = `${issue.label}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { prompt, others: distinctOthers };
}

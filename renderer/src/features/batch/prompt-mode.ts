// Switching where prompts come from keeps what was typed: the text of one editor carries over
// to the next when that one is empty, so trying "List" never loses a prompt.
import type { BatchDraft, PromptMode } from './types';

type Prompt = BatchDraft['prompt'];

/** The typed prompts the editor of `mode` shows, as one piece of text. */
function typedIn(prompt: Prompt, mode: PromptMode): string {
  switch (mode) {
    case 'text':
      return prompt.text;
    case 'lines':
      return prompt.lines;
    case 'sidecar':
      return prompt.fallback;
    default:
      return '';
  }
}

/** The patch that moves to `mode`, carrying the typed text into an empty editor. */
export function switchMode(
  prompt: Prompt,
  mode: PromptMode,
): Partial<Prompt> & { mode: PromptMode } {
  const carried = typedIn(prompt, prompt.mode);
  if (carried.trim() === '' || typedIn(prompt, mode).trim() !== '') return { mode };
  switch (mode) {
    case 'text':
      // A list becomes one prompt: its first line (the rest stay in the list editor).
      return { mode, text: carried.split('\n').find((line) => line.trim() !== '') ?? '' };
    case 'lines':
      return { mode, lines: carried };
    case 'sidecar':
      return { mode, fallback: carried.split('\n').find((line) => line.trim() !== '') ?? '' };
    default:
      return { mode };
  }
}

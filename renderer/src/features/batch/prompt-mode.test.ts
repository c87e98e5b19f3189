import { describe, expect, it } from 'vitest';
import { switchMode } from './prompt-mode';

const prompt = { mode: 'text' as const, text: '', lines: '', file: '', fallback: '' };

describe('switching the prompt source', () => {
  it('carries the typed prompt into an empty list, and the list back into one prompt', () => {
    expect(switchMode({ ...prompt, text: 'a lamp {red|blue' }, 'lines')).toEqual({
      mode: 'lines',
      lines: 'a lamp {red|blue',
    });
    expect(switchMode({ ...prompt, mode: 'lines', lines: '\nfirst\nsecond' }, 'text')).toEqual({
      mode: 'text',
      text: 'first',
    });
  });

  it('never overwrites what the other editor already holds', () => {
    expect(switchMode({ ...prompt, text: 'one', lines: 'kept' }, 'lines')).toEqual({
      mode: 'lines',
    });
  });
});

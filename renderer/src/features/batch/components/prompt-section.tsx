import { useRef } from 'react';
import Field, { fieldControlProps } from '../../../components/field';
import Section from '../../../components/section';
import Segmented from '../../../components/segmented';
import { plural } from '../../../lib/format';
import { switchMode } from '../prompt-mode';
import { selectEntry } from '../selectors';
import { useBatch } from '../store';
import type { FormErrors, PromptMode } from '../types';

const MODES: { value: PromptMode; label: string }[] = [
  { value: 'text', label: 'One prompt' },
  { value: 'lines', label: 'List' },
  { value: 'list', label: '.txt file' },
  { value: 'csv', label: 'CSV' },
  { value: 'sidecar', label: 'Sidecar .txt' },
];

const SNIPPETS = [
  { text: '{file}', title: 'The input file name without extension' },
  { text: '{folder}', title: 'The input file’s folder' },
  { text: '{red|blue}', title: 'Alternatives: each becomes its own task' },
];

export default function PromptSection({ errors }: { errors: FormErrors }) {
  const prompt = useBatch((state) => state.prompt);
  const setPrompt = useBatch((state) => state.setPrompt);
  const touch = useBatch((state) => state.touch);
  const provider = useBatch((state) => state.provider);
  const model = useBatch((state) => state.model);
  const entry = selectEntry({ provider, model });
  const maxChars = entry?.fields.find((hint) => hint.key === entry.promptField)?.max;
  const editor = useRef<HTMLTextAreaElement>(null);

  const insert = (snippet: string) => {
    const element = editor.current;
    const start = element?.selectionStart ?? prompt.text.length;
    const end = element?.selectionEnd ?? prompt.text.length;
    const text = prompt.text.slice(0, start) + snippet + prompt.text.slice(end);
    setPrompt({ text });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };

  const lineCount = prompt.lines.split('\n').filter((line) => line.trim() !== '').length;
  const chars = [...prompt.text].length;

  return (
    <Section
      title="Prompt"
      description="One prompt, a list, or prompts from files."
      testId="prompt-section"
    >
      <Segmented
        value={prompt.mode}
        options={MODES}
        label="Prompt source"
        testId="prompt-mode"
        onChange={(mode) => setPrompt(switchMode(prompt, mode))}
      />
      {prompt.mode === 'text' && (
        <Field
          id="prompt-text"
          label="Prompt"
          error={errors.prompt}
          required={entry?.fields.find((h) => h.key === entry.promptField)?.required}
          testId="prompt"
          aside={
            <span
              className={
                maxChars !== undefined && chars > maxChars ? 'num danger-text' : 'num subtle'
              }
            >
              {chars}
              {maxChars !== undefined ? ` / ${maxChars}` : ''}
            </span>
          }
          hint="{a|b} alternatives each become a task; {file} and {folder} name the input image."
        >
          <textarea
            ref={editor}
            {...fieldControlProps('prompt-text', errors.prompt)}
            className="input textarea prompt-editor"
            rows={4}
            value={prompt.text}
            placeholder="A lighthouse on a cliff at dusk, {oil painting|watercolor}"
            data-testid="prompt-input"
            onChange={(event) => setPrompt({ text: event.target.value })}
            onBlur={() => touch('prompt')}
          />
          <div className="row snippets">
            {SNIPPETS.map((snippet) => (
              <button
                key={snippet.text}
                type="button"
                className="chip mono"
                title={snippet.title}
                onClick={() => insert(snippet.text)}
              >
                {snippet.text}
              </button>
            ))}
          </div>
        </Field>
      )}
      {prompt.mode === 'lines' && (
        <Field
          id="prompt-lines"
          label="Prompts"
          error={errors.prompt}
          testId="prompt"
          aside={<span className="subtle num">{plural(lineCount, 'prompt')}</span>}
          hint="One prompt per line; each line becomes its own task (times each input)."
        >
          <textarea
            {...fieldControlProps('prompt-lines', errors.prompt)}
            className="input textarea prompt-editor"
            rows={6}
            value={prompt.lines}
            data-testid="prompt-lines"
            onChange={(event) => setPrompt({ lines: event.target.value })}
            onBlur={() => touch('prompt')}
          />
        </Field>
      )}
      {(prompt.mode === 'list' || prompt.mode === 'csv') && (
        <Field
          id="prompt-file"
          label="Prompt file"
          error={errors.promptFile ?? errors.prompt}
          testId="prompt-file"
          hint={
            prompt.mode === 'csv'
              ? 'A CSV with a file column (the image name) and a prompt column; other columns set parameters. Drop it on the window or type its path.'
              : 'A .txt file, one prompt per line; blank lines and lines starting with # are skipped.'
          }
        >
          <input
            {...fieldControlProps('prompt-file', errors.promptFile)}
            className="input mono"
            value={prompt.file}
            placeholder={prompt.mode === 'csv' ? '/path/to/prompts.csv' : '/path/to/prompts.txt'}
            data-testid="prompt-file-input"
            onChange={(event) => setPrompt({ file: event.target.value })}
            onBlur={() => touch('promptFile')}
          />
        </Field>
      )}
      {prompt.mode === 'sidecar' && (
        <Field
          id="prompt-fallback"
          label="Fallback prompt"
          error={errors.prompt}
          testId="prompt"
          hint="Each image uses name.txt beside it; images without one use this prompt."
        >
          <textarea
            {...fieldControlProps('prompt-fallback', errors.prompt)}
            className="input textarea"
            rows={2}
            value={prompt.fallback}
            data-testid="prompt-fallback"
            onChange={(event) => setPrompt({ fallback: event.target.value })}
            onBlur={() => touch('prompt')}
          />
        </Field>
      )}
    </Section>
  );
}

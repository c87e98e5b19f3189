import { describe, expect, it } from 'vitest';
import { findModel } from '../../../../shared/catalog/index';
import { placeIssues } from './dry-run-issues';

const entry = findModel('poyo', 'wan-2.7-image');

describe('dry-run issues placed for people', () => {
  it('a brace error repeated per image shows once, at the prompt, without engine names', () => {
    const message =
      "the prompt has a '{' at character 8 that is never closed (write \\{ for a literal brace)";
    const placed = placeIssues(
      [1, 2, 3].map(() => ({ field: 'prompts', message })),
      'text',
      entry,
    );
    expect(placed.prompt).toEqual({
      prompt: "has a '{' at character 8 that is never closed (write \\{ for a literal brace)",
    });
    expect(placed.others).toEqual([]);
  });

  it('an unreadable file and a bad CSV land at the prompt file field, in words', () => {
    const placed = placeIssues(
      [
        { field: 'prompts.file', message: 'cannot read /home/me/missing.csv' },
        { field: 'prompts.file', message: 'bad.csv needs a "prompt" column (found: file, words)' },
      ],
      'csv',
      entry,
    );
    expect(placed.prompt.promptFile).toBe(
      'cannot be read: /home/me/missing.csv (check the path and that the file exists); bad.csv needs a "prompt" column (found: file, words)',
    );
  });

  it('a prompt file the planner could not open is said the same way, whatever it found', () => {
    const placed = placeIssues(
      [
        { field: 'prompts.file', message: '/home/me/missing.csv: file not found' },
        {
          field: 'prompts.file',
          message: '/home/me/locked.txt: cannot be read (permission denied)',
        },
      ],
      'list',
      entry,
    );
    expect(placed.prompt.promptFile).toBe(
      'cannot be read: /home/me/missing.csv (check the path and that the file exists); cannot be read: /home/me/locked.txt (permission denied)',
    );
  });

  it('many distinct problems are counted, not all spelled out', () => {
    const issues = [1, 2, 3, 4, 5].map((line) => ({
      field: 'prompts.file',
      message: `p.csv line ${line}: no input image matches "x${line}.png"`,
    }));
    expect(placeIssues(issues, 'csv', entry).prompt.promptFile).toMatch(/; and 2 more$/);
  });

  it('other problems keep their message under a plain label', () => {
    const placed = placeIssues(
      [
        { field: 'params.image_urls[1]', message: 'must be a file' },
        { field: 'output.dir', message: 'cannot be written' },
        { field: 'prompts', message: 'the batch expands into 12000 tasks; at most 10000' },
      ],
      'text',
      entry,
    );
    expect(placed.prompt).toEqual({});
    expect(placed.others.map((issue) => issue.label)).toEqual([
      'Reference images',
      'Output folder',
      'Batch',
    ]);
  });
});

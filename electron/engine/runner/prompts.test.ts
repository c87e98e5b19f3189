// Prompt files are read like every other local file: by type and size first, bounded, never
// blocking on a FIFO or reading a device without end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { promptsFor } from './prompts';
import type { SourceIssue } from './prompts';

const dir = mkdtempSync(path.join(tmpdir(), 'genloom-prompts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const linux = process.platform === 'linux';

async function issuesFor(file: string, kind: 'list' | 'csv'): Promise<SourceIssue[]> {
  const issues: SourceIssue[] = [];
  await promptsFor({ kind, file } as never, null, issues);
  return issues;
}

describe('prompt files', () => {
  it('reads a list file', async () => {
    const file = path.join(dir, 'list.txt');
    writeFileSync(file, 'a fox\n# a comment\n\na whale\n');
    const issues: SourceIssue[] = [];
    const rows = await promptsFor({ kind: 'list', file }, null, issues);
    expect(issues).toEqual([]);
    expect(rows[0]?.map((r) => r.template)).toEqual(['a fox', 'a whale']);
  });

  it.runIf(linux)(
    'refuses a FIFO as a prompt list without blocking on it',
    async () => {
      const fifo = path.join(dir, 'prompts.fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const issues = await issuesFor(fifo, 'list');
      expect(issues).toEqual([
        { field: 'prompts.file', message: expect.stringMatching(/not a regular file/) },
      ]);
      expect((await issuesFor(fifo, 'csv'))[0]?.message).toMatch(/not a regular file/);
    },
    5_000,
  );

  it.runIf(linux)(
    'refuses /dev/zero by its type, without reading it',
    async () => {
      const issues = await issuesFor('/dev/zero', 'list');
      expect(issues[0]).toMatchObject({ field: 'prompts.file' });
      expect(issues[0]?.message).toMatch(/not a regular file/);
    },
    5_000,
  );

  it('says a missing file is missing, naming the field', async () => {
    const issues = await issuesFor(path.join(dir, 'nope.txt'), 'list');
    expect(issues).toEqual([
      { field: 'prompts.file', message: expect.stringMatching(/nope\.txt/) },
    ]);
  });
});

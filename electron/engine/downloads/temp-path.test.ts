// Leftover temp files: a dead process of this machine leaves nothing behind for long; another
// machine's (a shared folder) are left alone until they are stale. (Fault test, seed 9007:
// files of a process killed mid-download stayed in the output folder.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_TAG, removeStaleTemps, TEMP_NAME_MAX, tempPathFor } from './temp-path';

const dir = mkdtempSync(join(tmpdir(), 'genloom-temps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const target = join(dir, 'cat-1.png');
const dead = spawnSync(process.execPath, ['-e', '0']).pid;

describe('temporary download names', () => {
  it('name this machine, this process and a token, within the bound', () => {
    const name = basename(tempPathFor(target));
    expect(name).toMatch(
      new RegExp(`^\\.cat-1\\.png\\.${HOST_TAG}-${process.pid}-[0-9a-f]{8}\\.part$`),
    );
    expect(name.length).toBeLessThanOrEqual(TEMP_NAME_MAX);
    expect(tempPathFor(target)).not.toBe(tempPathFor(target));
  });

  it('a dead process of this machine: its leftover goes at once, however fresh', async () => {
    const fresh = join(dir, `.cat-1.png.${HOST_TAG}-${dead}-0badc0de.part`);
    writeFileSync(fresh, 'half a file');
    await removeStaleTemps(target);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a live writer of this machine keeps its file', async () => {
    const mine = tempPathFor(target);
    writeFileSync(mine, 'being written');
    await removeStaleTemps(target);
    expect(existsSync(mine)).toBe(true);
  });

  it("another machine's leftover stays until it has not changed for 10 minutes", async () => {
    const other = HOST_TAG === 'abcdef' ? '123456' : 'abcdef';
    const theirs = join(dir, `.cat-1.png.${other}-${dead}-0badc0de.part`);
    writeFileSync(theirs, 'written elsewhere');
    await removeStaleTemps(target);
    expect(existsSync(theirs)).toBe(true);
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(theirs, old, old);
    await removeStaleTemps(target);
    expect(existsSync(theirs)).toBe(false);
  });
});

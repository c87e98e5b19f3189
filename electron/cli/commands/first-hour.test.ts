// A newcomer's first hour with the CLI (issue 10) and its money-safety side (issue 9): paths
// typed relative to the folder the command was typed in, an output folder that cannot take
// files refused before any submit, Ctrl+C and SIGTERM that end promptly, and a summary that
// always says what was spent and what is left. Real child processes against the simulator.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../engine/simulator/index';
import type { Simulator } from '../../engine/simulator/index';
import { writeImages } from '../../engine/runner/test-helpers';
import { runCli, simEnv, startCli, until } from './cli-test-helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MODEL = ['--provider', 'poyo', '--model', 'wan-2.7-image'];

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 40, seed: 11 });
  dir = mkdtempSync(path.join(tmpdir(), 'genloom-first-hour-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh home and a folder the user "typed the command in" (npm sets INIT_CWD to it). */
function workspace(name: string): { env: Record<string, string>; cwd: string } {
  const cwd = path.join(dir, name, 'work');
  mkdirSync(cwd, { recursive: true });
  return { env: { ...simEnv(sim, path.join(dir, name, 'home')), INIT_CWD: cwd }, cwd };
}

const submits = (): number => sim.stats().submits.poyo;

describe('paths are read from the folder the command was typed in', { timeout: 90_000 }, () => {
  it('--out, --images, --prompts, --db and a --set image path resolve against INIT_CWD', async () => {
    const { env, cwd } = workspace('paths');
    await writeImages(path.join(cwd, 'photos'), ['beach.png']);
    writeFileSync(path.join(cwd, 'prompts.txt'), 'an oil painting of the {file}\n');
    const run = await runCli(
      [
        'run',
        ...MODEL,
        '--images',
        './photos',
        '--prompts',
        'prompts.txt',
        '--out',
        './out',
        '--db',
        'tasks.db',
        '--poll-ms',
        '25',
        '--json',
      ],
      env,
    );
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(cwd, 'tasks.db'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'tasks.db'))).toBe(false);
    const outputs = (run.json?.['outputs'] ?? []) as { path: string }[];
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.path.startsWith(path.join(cwd, 'out') + path.sep)).toBe(true);

    // An image named through --set is read from the same folder.
    const dry = await runCli(
      ['run', ...MODEL, '--prompt', 'a lamp', '--set', 'image_urls=["./photos/beach.png"]'].concat([
        '--dry-run',
        '--db',
        'tasks.db',
      ]),
      env,
    );
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
  });

  it('through `npm run genloom` typed in another folder, --out lands there', async () => {
    const { env, cwd } = workspace('npm');
    touch(path.join(cwd, 'photo.jpg'));
    // npm changes to the package folder; only INIT_CWD remembers where the user was.
    const { INIT_CWD: _drop, ...plain } = env;
    void _drop;
    const npm = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        'npm',
        ['--prefix', ROOT, 'run', '-s', 'genloom', '--', 'run', ...MODEL].concat([
          '--prompt',
          'a lamp',
          '--out',
          'photo.jpg/out',
          '--dry-run',
        ]),
        { cwd, env: plain, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(npm.stderr).toMatch(
      /--out "photo\.jpg\/out" cannot be created: .*is a file, not a folder/,
    );
    expect(npm.code).toBe(2);
    expect(existsSync(path.join(ROOT, 'photo.jpg'))).toBe(false);
  });
});

function touch(file: string): void {
  writeFileSync(file, 'not a folder');
}

describe('an output folder that cannot take files', { timeout: 90_000 }, () => {
  it('is refused before any submit, exit 2, naming --out and the reason (run and --dry-run)', async () => {
    const { env, cwd } = workspace('refuse');
    touch(path.join(cwd, 'photo.jpg'));
    const before = submits();
    for (const out of ['/proc/x', 'photo.jpg/out']) {
      for (const dry of [true, false]) {
        const r = await runCli(
          ['run', ...MODEL, '--prompt', 'a lamp', '--out', out, ...(dry ? ['--dry-run'] : [])],
          env,
        );
        expect(r.code, `${out} dry=${String(dry)}`).toBe(2);
        const reason = out === '/proc/x' ? 'the system does not allow' : 'is a file, not a folder';
        expect(r.stderr).toMatch(
          new RegExp(`^error: --out "${out}" cannot be created: .*${reason}`),
        );
        expect(r.stderr).not.toContain('output.dir');
        if (!dry) expect(r.stdout).toMatch(/summary: nothing was submitted and nothing spent/);
      }
    }
    expect(submits()).toBe(before);
    expect(readdirSync(cwd)).toEqual(['photo.jpg']);
  });
});

describe('Ctrl+C and SIGTERM', { timeout: 90_000 }, () => {
  it('Ctrl+C during a download that hangs: "stopping" once, exit 130 within seconds, a summary', async () => {
    const { env, cwd } = workspace('sigint');
    sim.faults.clear();
    sim.faults.add({ route: 'download', kind: 'hang', times: 'always' });
    try {
      const seen = sim.requests.filter((r) => r.fault === 'hang').length;
      const cli = startCli(
        ['run', ...MODEL, '--prompt', 'a {cat|dog}', '--out', './out', '--poll-ms', '25'],
        env,
      );
      await until(
        () => sim.requests.filter((r) => r.fault === 'hang').length > seen,
        'a hung download',
      );
      const at = Date.now();
      cli.signal('SIGINT', { group: true });
      const r = await cli.done;
      const took = Date.now() - at;
      expect(r.code, r.stderr).toBe(130);
      expect(took).toBeLessThan(6000);
      expect(r.stderr).not.toMatch(/stopped at once/);
      expect(r.stderr.match(/stopping/g)).toHaveLength(1);
      expect(r.stderr).toMatch(/genloom resume/);
      expect(r.stdout).toMatch(/spent 8\.4 credits \(estimated 8\.4 credits\)/);
      expect(r.stdout).toMatch(/0 succeeded · 0 failed · 0 canceled · 0 waiting for you/);
      expect(r.stdout).toMatch(/2 not finished \(2 downloading\): `genloom resume` continues/);
      expect(existsSync(path.join(cwd, 'out'))).toBe(true);
    } finally {
      sim.faults.clear();
    }
  });

  it('SIGTERM ends the same way with exit 143; a second Ctrl+C exits at once', async () => {
    const { env } = workspace('sigterm');
    sim.faults.clear();
    sim.faults.add({ route: 'download', kind: 'hang', times: 'always' });
    const args = ['run', ...MODEL, '--prompt', 'a {cat|dog}', '--out', './out', '--poll-ms', '25'];
    const hangs = (): number => sim.requests.filter((r) => r.fault === 'hang').length;
    let seen = hangs();
    const term = startCli(args, env);
    await until(() => hangs() > seen, 'a hung download');
    let at = Date.now();
    term.signal('SIGTERM');
    const t = await term.done;
    expect(Date.now() - at).toBeLessThan(6000);
    expect(t.code).toBe(143);
    expect(t.stderr.match(/stopping/g)).toHaveLength(1);
    sim.faults.clear();

    // A submit that is never answered: the first Ctrl+C gives it a 3 s grace to record its
    // remote id; the second one does not wait for it.
    sim.faults.add({ route: 'submit', kind: 'hang', phase: 'after', times: 'always' });
    seen = hangs();
    const second = startCli(args, workspace('twice').env);
    await until(() => hangs() > seen, 'a hung submit');
    second.signal('SIGINT', { group: true });
    await until(() => second.output().stderr.includes('stopping'), 'the first "stopping"');
    // A person's second press, not the same press forwarded by a launcher (npm, tsx).
    await new Promise((resolve) => setTimeout(resolve, 700));
    at = Date.now();
    second.signal('SIGINT', { group: true });
    const s = await second.done;
    expect(Date.now() - at).toBeLessThan(1500);
    expect(s.code).toBe(130);
    expect(s.stderr.match(/stopping/g)).toHaveLength(1);
    expect(s.stderr).toMatch(/stopped at once/);
    sim.faults.clear();
  });
});

describe('the summary', { timeout: 90_000 }, () => {
  it('counts outcomes, shows the spend and cuts the failure list with "and N more"', async () => {
    const { env } = workspace('summary');
    const alternatives = Array.from({ length: 12 }, (_, i) => `f${i + 1}`).join('|');
    const r = await runCli(
      ['run', ...MODEL, '--prompt', `{${alternatives}|fine} [sim:fail]`].concat([
        '--concurrency',
        '13',
        '--poll-ms',
        '25',
      ]),
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/0 succeeded · 13 failed · 0 canceled · 0 waiting for you/);
    expect(r.stdout).toMatch(/spent 0 credits \(estimated 54\.6 credits\)/);
    expect(r.stdout.match(/^ {2}failed: #/gm)).toHaveLength(10);
    expect(r.stdout).toMatch(/and 3 more failed/);
  });

  it('a dry run shows each sample seed', async () => {
    const { env } = workspace('seeds');
    const r = await runCli(
      ['run', ...MODEL, '--prompt', 'a fox', '--set', 'seed={7|8}', '--dry-run'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  1. a fox (seed 7)\n  2. a fox (seed 8)');
  });

  it('resume says what it picked up: watched, queued, waiting for you', async () => {
    const { env } = workspace('resume');
    sim.faults.clear();
    const args = ['--db', path.join(dir, 'resume', 'tasks.db')];
    const before = sim.stats().tasksCreated.poyo;
    // One task at a time; killed once the first is accepted by PoYo.
    await runCli(
      [
        'run',
        ...MODEL,
        '--prompt',
        'a {fox|owl|hare}',
        '--concurrency',
        '1',
        '--poll-ms',
        '25',
      ].concat(args),
      env,
      () => sim.stats().tasksCreated.poyo > before,
    );
    const r = await runCli(['resume', ...args], env);
    expect(r.stderr).not.toMatch(/0 task\(s\) picked up/);
    expect(r.stderr).toMatch(/resuming 1 batch: .*\d queued/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 succeeded · 0 failed · 0 canceled · 0 waiting for you/);
  });
});

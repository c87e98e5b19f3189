// `npm run web -- --demo` started as a user starts it, opened in Debian's Chromium: the page's
// own API client runs a small batch against the built-in simulator over the token-guarded
// socket, progress events arrive, the outputs exist and are shown through the media route.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/events';
import { ensureRendererBuilt, ROOT } from './pages/bridge-session';

/** The page's API client (renderer/src/lib/api.ts), exposed on window with ?e2e=1. */
interface PageApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  mediaUrl(path: string): string;
}
type PageGlobals = { genloomApi?: PageApi };

let child: ChildProcess;
let home: string;
let url: string;

/** Starts the bridge CLI and resolves with the URL it prints. */
function startWeb(): Promise<string> {
  // Keys from the developer's shell must not turn the demo into a real run.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^GENLOOM_.*_API_KEY$/.test(name)),
  );
  env.GENLOOM_HOME = home;
  child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'electron', 'bridge', 'main.ts'), '--port', '0', '--demo', '--home', home],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`npm run web exited with ${code}:\n${out}`)));
  });
}

test.beforeAll(async () => {
  ensureRendererBuilt();
  home = mkdtempSync(path.join(tmpdir(), 'genloom-web-'));
  url = await startWeb();
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(home, { recursive: true, force: true });
});

interface BatchRun {
  batchId: string;
  taskStates: string[];
  batchStatuses: string[];
  downloaded: number;
  final: { status: string; counts: Record<string, number> };
  outputs: { path: string; mediaStatus: number; mediaType: string | null }[];
}

test('runs a small demo batch through the page API client and sees its progress', async ({
  page,
}) => {
  test.setTimeout(90_000);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
  await page.goto(`${url}&e2e=1`);
  await page.waitForFunction(() => (globalThis as PageGlobals).genloomApi !== undefined);

  const run = await page.evaluate(async (): Promise<BatchRun> => {
    const api = (globalThis as PageGlobals).genloomApi;
    if (!api) throw new Error('the API client is not exposed');
    const taskStates: string[] = [];
    const batchStatuses: string[] = [];
    let downloaded = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let batchId = '';
    api.subscribe('task.updated', ({ tasks }) => taskStates.push(...tasks.map((t) => t.state)));
    api.subscribe('output.downloaded', ({ outputs }) => (downloaded += outputs.length));
    api.subscribe('batch.updated', ({ batches }) => {
      for (const batch of batches) {
        if (batch.id !== batchId) continue;
        batchStatuses.push(batch.status);
        if (batch.status === 'done') finish();
      }
    });
    const status = await api.call('provider.status', {});
    if (!status.demo) throw new Error('the bridge is not in demo mode');
    const created = await api.call('batch.create', {
      spec: {
        name: 'e2e lanterns',
        provider: 'poyo',
        model: 'seedream-5.0-lite',
        prompts: {
          kind: 'lines',
          lines: ['a paper lantern', 'a stone lantern', 'a glass lantern'],
        },
        pollMs: 50,
      },
    });
    batchId = created.batchId;
    await finished;
    const final = await api.call('batch.get', { batchId });
    const page = await api.call('history.search', { batchId });
    const outputs = [];
    for (const item of page.items) {
      if (!item.path) continue;
      const res = await fetch(api.mediaUrl(item.path));
      outputs.push({
        path: item.path,
        mediaStatus: res.status,
        mediaType: res.headers.get('content-type'),
      });
    }
    return { batchId, taskStates, batchStatuses, downloaded, final, outputs };
  });

  expect(run.final.status).toBe('done');
  expect(run.final.counts.succeeded).toBe(3);
  expect(run.taskStates).toContain('running');
  expect(run.taskStates.filter((s) => s === 'succeeded').length).toBeGreaterThanOrEqual(3);
  expect(run.batchStatuses).toContain('done');
  expect(run.downloaded).toBe(3);
  expect(run.outputs).toHaveLength(3);
  for (const output of run.outputs) {
    expect(existsSync(output.path)).toBe(true);
    expect(output.path.startsWith(home)).toBe(true);
    expect(output.mediaStatus).toBe(200);
    expect(output.mediaType).toMatch(/^image\//);
  }
});

test('the socket refuses a page without the token', async ({ page }) => {
  const origin = new URL(url).origin;
  await page.goto(`${origin}/`);
  const outcome = await page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `${origin.replace('http', 'ws')}/ws?token=wrong`,
  );
  expect(outcome).toBe('refused');
  const media = await page.evaluate(async () => (await fetch('/media/%2Fetc%2Fhostname')).status);
  expect(media).toBe(403);
});

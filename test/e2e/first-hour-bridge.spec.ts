// A newcomer's first hour (issue 10), the bridge and shell side, in Chromium as a new user
// meets it: demo mode, a key saved in Settings, a restart that keeps the open tab working and
// never hides the demo batches; keys in demo mode said plainly; files dropped and picked as
// File objects (what a real browser drop carries); outputs opened and downloaded in a tab.
// Each step attaches a screenshot to the test's results.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Input } from '../../shared/ipc/contract';
import { AppShell } from './pages/app-shell';
import { ensureRendererBuilt, makeImageFolder } from './pages/bridge-session';
import { CreatePage } from './pages/create-page';
import { HistoryPage } from './pages/history-page';
import { startHomeSession } from './pages/home-session';
import type { HomeSession } from './pages/home-session';
import { callInPage } from './pages/page-api';
import { QueuePage } from './pages/queue-page';

const spec = (name: string, lines: string[]): Input<'batch.create'>['spec'] => ({
  name,
  provider: 'poyo',
  model: 'wan-2.7-image',
  prompts: { kind: 'lines', lines },
});

test.beforeAll(() => ensureRendererBuilt());

test.describe('demo -> key -> restart keeps history visible', () => {
  test.describe.configure({ mode: 'serial' });
  let session: HomeSession;

  test.beforeAll(async () => {
    // Slow enough that the demo batch is still running when Genloom restarts.
    session = await startHomeSession({ demoLatencyMs: 120_000 });
  });
  test.afterAll(async () => {
    await session?.close();
  });

  test('a demo batch mid-run stays one click away after a key is saved and Genloom restarts', async ({
    page,
  }, testInfo) => {
    const shell = new AppShell(page);
    const queue = new QueuePage(page);
    await shell.open(session.url);
    await callInPage(page, 'batch.create', {
      spec: spec('Demo lamps', ['a brass lamp', 'a paper lamp', 'a glass lamp']),
    });
    await shell.go('queue');
    await expect(queue.cards).toHaveCount(1);
    await shell.attach(testInfo, '1-demo-batch-running');

    await shell.go('settings');
    const poyo = page.getByTestId('provider-poyo');
    await expect(poyo).not.toContainText('A key is saved');
    await poyo.getByTestId('provider-poyo-key').fill('poyo-live-key-0123456789');
    await poyo.getByTestId('provider-poyo-save').click();
    await expect(poyo.getByTestId('provider-poyo-result')).toContainText('Key saved for live runs');
    await expect(poyo.getByTestId('provider-poyo-status')).toContainText(
      'your key saved for live runs',
    );
    await shell.attach(testInfo, '2-key-saved-in-demo-mode');

    // Genloom stops and starts again on the same home: the key is there, so it opens live.
    await session.restart();
    // The open tab reconnects on its own (same address and token) and says what happened.
    const history = page.getByTestId('settings-history');
    await expect(history.getByTestId('settings-history-open')).toContainText(
      'The live history is open',
    );
    await expect(history.getByTestId('settings-history-other')).toHaveText(
      'Your demo history holds 1 batch, 1 not finished: it waits there and goes on when you open the demo history.',
    );
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    await shell.attach(testInfo, '3-live-history-names-the-demo-one');

    await history.getByTestId('settings-history-switch').click();
    await expect(history.getByTestId('settings-history-open')).toContainText(
      'The demo history is open',
      { timeout: 20_000 },
    );
    await shell.go('queue');
    await expect(queue.cards).toHaveCount(1);
    await expect(queue.card()).toContainText('Demo lamps');
    await shell.attach(testInfo, '4-demo-batch-back');
  });

  test('after a restart into the live history, the first page says where the demo batches are', async ({
    page,
  }, testInfo) => {
    const shell = new AppShell(page);
    await session.restart();
    await shell.open(session.url);
    const notice = page.getByTestId('history-notice');
    await expect(notice).toContainText('Genloom opened your live history');
    await expect(notice).toContainText('Your demo history holds 1 batch, 1 not finished');
    await shell.attach(testInfo, '5-notice-at-start');
    await notice.getByTestId('history-notice-switch').click();
    await expect(page.getByTestId('history-notice')).toHaveCount(0, { timeout: 20_000 });
    await shell.go('queue');
    await expect(new QueuePage(page).card()).toContainText('Demo lamps');
    await shell.attach(testInfo, '6-demo-history-open-again');
  });
});

test.describe('keys in demo mode', () => {
  let session: HomeSession;
  test.beforeAll(async () => {
    session = await startHomeSession({ demoLatencyMs: 300 });
  });
  test.afterAll(async () => {
    await session?.close();
  });

  test('no key is said to be saved before one is entered; a test names the simulator; Clear removes a key', async ({
    page,
  }, testInfo) => {
    const shell = new AppShell(page);
    await shell.open(session.url);
    await shell.go('settings');
    const apixo = page.getByTestId('provider-apixo');
    await expect(apixo).toContainText('Demo mode needs no key');
    await expect(apixo).not.toContainText('A key is saved');
    await expect(apixo.getByTestId('provider-apixo-clear')).toHaveCount(0);
    await expect(page.getByTestId('page-settings')).not.toContainText('by main');

    await apixo.getByTestId('provider-apixo-key').fill('apx-live-key-0123456789');
    await apixo.getByTestId('provider-apixo-test').click();
    const result = apixo.getByTestId('provider-apixo-result');
    await expect(result).toContainText('built-in simulator');
    await expect(result).toContainText('not sent to APIXO');
    await expect(result).not.toContainText('accepted the key');
    await shell.attach(testInfo, 'demo-key-test');

    await apixo.getByTestId('provider-apixo-save').click();
    await expect(apixo.getByTestId('provider-apixo-clear')).toBeVisible();
    await expect(apixo.getByTestId('provider-apixo-warning')).toContainText(
      'anyone who can read your files',
    );
    await apixo.getByTestId('provider-apixo-clear').click();
    await expect(apixo.getByTestId('provider-apixo-clear')).toHaveCount(0);
    await expect(apixo).toContainText('Demo mode needs no key');
    await shell.attach(testInfo, 'demo-key-cleared');
  });
});

test.describe('files and outputs in the browser', () => {
  test.describe.configure({ mode: 'serial' });
  let session: HomeSession;
  let pngs: { name: string; base64: string }[];

  test.beforeAll(async () => {
    session = await startHomeSession({ demoLatencyMs: 300 });
    const color = { r: 40, g: 90, b: 200 };
    const folder = await makeImageFolder(session.home, [
      { rel: 'blue-1.png', width: 512, height: 512, color },
      { rel: 'blue-2.png', width: 512, height: 512, color },
    ]);
    pngs = ['blue-1.png', 'blue-2.png'].map((name) => ({
      name,
      base64: readFileSync(path.join(folder, name)).toString('base64'),
    }));
  });
  test.afterAll(async () => {
    await session?.close();
  });

  test('a real File-object drop adds the files', async ({ page }, testInfo) => {
    const shell = new AppShell(page);
    const create = new CreatePage(page);
    await shell.open(session.url);
    await create.chooseProvider('poyo');
    await create.chooseModel('wan-2.7-image');
    // What Chromium hands a page for a desktop drop: File objects, no paths, no URI list.
    const data = await page.evaluateHandle((files) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (bits: unknown[], name: string, options: { type: string }) => unknown;
        atob(text: string): string;
      };
      const transfer = new g.DataTransfer();
      for (const { name, base64 } of files) {
        const bytes = Uint8Array.from(g.atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new g.File([bytes], name, { type: 'image/png' }));
      }
      return transfer;
    }, pngs);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: data });
    await page.getByTestId('drop-overlay').waitFor();
    await page.dispatchEvent('body', 'dragover', { dataTransfer: data });
    await page.dispatchEvent('body', 'drop', { dataTransfer: data });
    await expect(create.thumbs).toHaveCount(2);
    await expect(page.getByText('Nothing to add')).toHaveCount(0);
    await shell.attach(testInfo, 'file-object-drop-added');
  });

  test("the browser's own file chooser adds images", async ({ page }, testInfo) => {
    const shell = new AppShell(page);
    const create = new CreatePage(page);
    await shell.open(session.url);
    await create.chooseProvider('poyo');
    await create.chooseModel('wan-2.7-image');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('pick-files').click();
    await (
      await chooser
    ).setFiles(
      pngs.map((p) => ({
        name: p.name,
        mimeType: 'image/png',
        buffer: Buffer.from(p.base64, 'base64'),
      })),
    );
    await expect(create.thumbs).toHaveCount(2);
    await shell.attach(testInfo, 'browser-picker-added');
  });

  test('an output opens in a new tab or downloads; Show in folder is not offered', async ({
    page,
  }, testInfo) => {
    const shell = new AppShell(page);
    await shell.open(session.url);
    const { batchId } = await callInPage(page, 'batch.create', {
      spec: spec('Tab test', ['a blue cup']),
    });
    await expect
      .poll(async () => (await callInPage(page, 'batch.get', { batchId })).status, {
        timeout: 30_000,
      })
      .toBe('done');
    await shell.go('history');
    const history = new HistoryPage(page);
    await history.cells.first().click();
    const detail = history.detail;
    await expect(detail.getByTestId('detail-reveal')).toHaveCount(0);
    const open = detail.getByTestId('detail-open');
    await expect(open).toHaveAttribute('target', '_blank');
    const popup = page.waitForEvent('popup');
    await open.click();
    const tab = await popup;
    await tab.waitForLoadState();
    expect(tab.url()).toContain('/media/');
    await tab.close();
    const download = page.waitForEvent('download');
    await detail.getByTestId('detail-download').click();
    expect((await download).suggestedFilename()).toMatch(/\.png$/);
    await expect(page.getByText('Could not open the file')).toHaveCount(0);
    await shell.attach(testInfo, 'output-actions-in-browser');
  });
});

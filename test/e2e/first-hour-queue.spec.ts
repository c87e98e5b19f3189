// A newcomer's first hour (issue 10), after Start: queue rows open into everything recorded
// about a task, with thumbnails; a failed task is retried from its row; "Clear finished"
// tidies the queue while History keeps everything; the spend question follows the setting;
// History names models in words, captions carry seed and time, and a re-run keeps the
// batch's name and inputs. Each step attaches a screenshot to the test's results.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ensureRendererBuilt, makeImageFolder, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { HistoryPage } from './pages/history-page';
import { callInPage, openPoyo } from './pages/page-api';
import { QueuePage } from './pages/queue-page';
import { simulatorSubmits } from './pages/simulator';

let session: Session;
let folder: string;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 200 });
  folder = await makeImageFolder(session.home, [
    { rel: 'lamp.png', width: 512, height: 512, color: { r: 220, g: 180, b: 90 } },
  ]);
});

test.afterAll(async () => {
  await session?.close();
});

test('a queue row opens into what was sent, what came back, cost and times; a failed one is retried', async ({
  page,
}, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  const queue = new QueuePage(page);
  await create.typePrompt('a teapot {on a shelf|[sim:fail] that breaks}');
  await create.setSeeds('7');
  await expect(create.dryRunTasks).toHaveText('2');
  await create.start();
  const card = queue.card(0);
  expect(await queue.waitFinished(card)).toBe('partial');

  // Opened after Start: rows with a thumbnail of what each task made.
  const rows = queue.taskRows(card);
  await expect(rows).toHaveCount(2);
  const made = rows.filter({ hasText: 'on a shelf' });
  await expect(made.getByTestId('task-thumb')).toBeVisible();
  const details = await queue.openTask(made);
  await expect(details.getByTestId('task-details-prompt')).toHaveText('a teapot on a shelf');
  await expect(details).toContainText('Seed');
  await expect(details).toContainText('7');
  await expect(details.getByTestId('task-details-cost')).toContainText('credits');
  await expect(details.getByTestId('task-details-remote')).not.toContainText('not sent');
  await expect(details.getByTestId('task-details-times')).toContainText('ended');
  await shell.attach(testInfo, 'task-details');

  // The failed one: why, in words, and a retry that really sends it again.
  const broken = rows.filter({ hasText: 'that breaks' });
  const why = await queue.openTask(broken);
  await expect(why.getByTestId('task-details-error')).toBeVisible();
  await shell.attach(testInfo, 'task-failed-details');
  const before = await simulatorSubmits(session);
  await why.getByTestId('task-retry').click();
  await expect.poll(() => simulatorSubmits(session)).toBe(before + 1);
  expect(await queue.waitFinished(card)).toBe('partial');
});

test('Clear finished tidies the queue; History keeps every output', async ({ page }, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  const queue = new QueuePage(page);
  const history = new HistoryPage(page);
  await create.typePrompt('a paper boat');
  await expect(create.dryRunTasks).toHaveText('1');
  await create.start();
  expect(await queue.waitFinished(queue.card(0))).toBe('done');
  const cards = await queue.cards.count();
  expect(cards).toBeGreaterThan(0);

  await queue.clearFinished.click();
  await expect(queue.cards).toHaveCount(0);
  await expect(page.getByTestId('queue-all-cleared')).toBeVisible();
  await shell.attach(testInfo, 'queue-cleared');
  await page.reload();
  await page.getByTestId('page-queue').waitFor();
  await expect(queue.cards).toHaveCount(0);

  await shell.go('history');
  await history.search('paper boat');
  await expect(history.cells).toHaveCount(1);

  await shell.go('queue');
  await queue.showCleared.click();
  await expect(queue.cards).toHaveCount(cards);
});

test('the spend question follows the setting', async ({ page }, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  await callInPage(page, 'settings.set', { confirmSpendAbove: { USD: 10, credits: 5 } });
  try {
    await page.reload();
    await page.getByTestId('nav-create').waitFor();
    // Two tasks at 4.2 credits: 8.4 credits, above a 5-credit threshold.
    await create.typePrompt('a quiet pond {at dawn|at dusk}');
    await expect(create.dryRunTasks).toHaveText('2');
    await create.start();
    await expect(create.spendDialog).toBeVisible();
    await expect(create.spendDialog).toContainText('above 5 credits');
    await shell.attach(testInfo, 'spend-threshold-setting');
    await create.spendDialog.getByTestId('spend-confirm-dismiss').click();
  } finally {
    await callInPage(page, 'settings.set', { confirmSpendAbove: { USD: 10, credits: 1000 } });
  }
});

test('History names models in words, captions carry seed and time, a re-run keeps name and inputs', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const { shell, create } = await openPoyo(page, session.url);
  const queue = new QueuePage(page);
  const history = new HistoryPage(page);
  const out = path.join(session.home, 'rerun-out');
  await shell.dropPaths([folder]);
  await expect(create.thumbs).toHaveCount(1);
  await create.typePrompt('a brass lamp');
  await create.setSeeds('42');
  await create.setName('Lamps');
  await create.outputDir.fill(out);
  await expect(create.dryRunTasks).toHaveText('1');
  await create.start();
  expect(await queue.waitFinished(queue.card(0))).toBe('done');

  await shell.go('history');
  const models = page.getByTestId('filter-model').locator('option');
  await expect(models.filter({ hasText: 'Wan 2.7 Image' }).first()).toBeAttached();
  await expect(models.filter({ hasText: /^wan-2\.7-image$/ })).toHaveCount(0);
  await history.search('brass lamp');
  await expect(history.cells).toHaveCount(1);
  const caption = history.cells.first().getByTestId('gallery-caption');
  await expect(caption).toContainText('Wan 2.7 Image');
  await expect(caption).toContainText('seed 42');
  await expect(caption).toContainText(/\d{1,2}:\d{2}/);
  await shell.attach(testInfo, 'history-caption');

  await history.open(0);
  const modal = await history.rerun();
  await shell.attach(testInfo, 'rerun-modal');
  await modal.getByTestId('rerun-start').click();
  const card = queue.cards.filter({ hasText: 'Re-run of Lamps' });
  await expect(card).toHaveCount(1);
  expect(await queue.waitFinished(card)).toBe('done');
  const written = readdirSync(path.join(out, 'Re-run of Lamps'));
  expect(written).toContain('lamp-1.png');

  // The re-run's output records the input it was made from.
  const found = await callInPage(page, 'history.search', { text: 'brass lamp', limit: 10 });
  const rerun = found.items.find((item) => item.batchName === 'Re-run of Lamps');
  expect(rerun).toBeDefined();
  const detail = await callInPage(page, 'output.get', { outputId: rerun?.outputId ?? 0 });
  expect(detail.inputs.map((input) => path.basename(input.path))).toEqual(['lamp.png']);
});

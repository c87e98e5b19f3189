// A newcomer's first hour (issue 10), as a new user meets it in Chromium through the bridge and
// the demo simulator: the welcome, what a canceled batch really did, a question before a large
// spend and before Cancel, an Advanced section that stays put while typing, a required select
// that shows its real value, prompt errors at the prompt, and failed tasks found in History.
// Each step attaches a screenshot to the test's results.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract';
import { AppShell } from './pages/app-shell';
import { ensureRendererBuilt, makeImageFolder, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { CreatePage } from './pages/create-page';
import { HistoryPage } from './pages/history-page';
import { QueuePage } from './pages/queue-page';

let session: Session;
let folder: string;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 300 });
  const color = { r: 200, g: 120, b: 60 };
  folder = await makeImageFolder(session.home, [
    { rel: 'a.png', width: 512, height: 512, color },
    { rel: 'b.png', width: 512, height: 512, color },
    { rel: 'c.png', width: 512, height: 512, color },
  ]);
});

test.afterAll(async () => {
  await session?.close();
});

interface PageApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}
type PageGlobals = { genloomApi?: PageApi };

/** Sets the per-provider concurrency through the contract, as the Settings page does. */
async function setConcurrency(page: Page, concurrency: Record<string, number>): Promise<void> {
  await page.waitForFunction(() => (globalThis as PageGlobals).genloomApi !== undefined);
  await page.evaluate(async (limits) => {
    const api = (globalThis as PageGlobals).genloomApi;
    if (!api) throw new Error('the API client is not exposed');
    await api.call('settings.set', { concurrency: limits });
  }, concurrency);
}

async function openPoyo(shell: AppShell, create: CreatePage): Promise<void> {
  await shell.open(session.url);
  await create.chooseProvider('poyo');
  await create.chooseModel('wan-2.7-image');
}

test('the first start says what demo mode is, how to add a key and where history lives', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  await page.goto(session.url);
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('demo mode');
  await expect(welcome).toContainText('nothing is charged');
  await expect(welcome).toContainText('Settings');
  await expect(welcome).toContainText(session.home);
  await shell.attach(testInfo, 'welcome');
  await welcome.getByTestId('welcome-settings').click();
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await page.reload();
  await page.getByTestId('nav-create').waitFor();
  // Dismissed once is dismissed: a reload does not bring it back.
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test('cancel counts: a canceled batch says what succeeded, failed and was canceled', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  const queue = new QueuePage(page);
  await shell.open(session.url);
  // APIXO, two at a time: its two slots end up held by tasks that never end, so the tasks
  // behind them are still queued when Cancel comes (and PoYo stays free for other tests).
  await setConcurrency(page, { apixo: 2 });
  await create.chooseProvider('apixo');
  await create.param('mode').selectOption('omni-image');
  // Six tasks in order: one fails, one succeeds, two stay at the provider, two wait.
  await create.typePrompt(
    'a lamp {[sim:fail] broken|on a desk|[sim:stuck] slow one|[sim:stuck] slow two|by a window|at noon}',
  );
  await expect(create.dryRunTasks).toHaveText('6');
  await create.start();
  const card = queue.card(0);
  await expect(queue.counts(card)).toHaveText('1 / 6 done');
  await expect(queue.stats(card)).toContainText('1 failed');
  await expect(queue.stats(card)).toContainText('2 in progress');
  await expect(queue.stats(card)).toContainText('2 queued');
  await queue.cancel(card);
  await expect(queue.stats(card)).toContainText('2 canceled');
  // Done means made an output: a canceled batch never reads "6 / 6 done".
  await expect(queue.counts(card)).toHaveText('1 / 6 done');
  await expect(queue.stats(card)).toContainText('1 failed');
  // Tasks the provider is working on are paid for: they run on and are followed to the end.
  await expect(queue.stats(card)).toContainText('2 in progress');
  await expect(queue.progress(card)).toHaveAttribute(
    'aria-valuetext',
    '1 succeeded, 1 failed, 2 canceled of 6',
  );
  await shell.attach(testInfo, 'canceled-counts');
});

test('the spend confirmation shows the total before Start, and Cancel asks first', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  const queue = new QueuePage(page);
  await openPoyo(shell, create);
  await shell.go('queue');
  const before = await queue.cards.count();
  await shell.go('create');
  // 300 tasks at 4.2 credits: 1,260 credits, above the 1,000-credit default threshold.
  await create.typePrompt('a lighthouse at dusk [sim:slow]');
  await create.setSeeds('1-300');
  await expect(create.dryRunTasks).toHaveText('300');
  await expect(create.dryRunCost).toHaveText(/^1,?260 credits$/);
  await create.start();
  await expect(create.spendDialog).toBeVisible();
  await expect(create.spendDialog).toContainText('300 tasks');
  await expect(create.spendDialog).toContainText(/1,?260 credits/);
  await shell.attach(testInfo, 'spend-confirm');
  // Declining starts nothing.
  await create.spendDialog.getByTestId('spend-confirm-dismiss').click();
  await expect(create.spendDialog).toHaveCount(0);
  await expect(page.getByTestId('page-create')).toBeVisible();
  await shell.go('queue');
  await expect(queue.cards).toHaveCount(before);
  await shell.go('create');
  await create.start();
  await create.spendDialog.getByTestId('spend-confirm-accept').click();
  await expect(page.getByTestId('page-queue')).toBeVisible();
  await expect(queue.cards).toHaveCount(before + 1);
  const card = queue.card(0);
  // Cancel asks first; keeping the batch running leaves it running.
  await card.getByTestId('batch-cancel').click();
  await expect(queue.cancelDialog).toBeVisible();
  await expect(queue.cancelDialog).toContainText('not started yet');
  await shell.attach(testInfo, 'cancel-confirm');
  await queue.cancelDialog.getByTestId('cancel-confirm-dismiss').click();
  await expect(card).not.toHaveAttribute('data-phase', 'canceled');
  await queue.cancel(card);
  await expect(queue.stats(card)).toContainText('canceled');
});

test('the Advanced section keeps focus and stays open while its field becomes valid', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await openPoyo(shell, create);
  await page.getByTestId('params-advanced').click();
  const seed = create.param('seed');
  await seed.click();
  await seed.pressSequentially('x');
  await expect(create.paramError('seed')).toBeVisible();
  await seed.press('Backspace');
  await seed.pressSequentially('42');
  await expect(seed).toHaveValue('42');
  await expect(seed).toBeFocused();
  await expect(create.advanced).toHaveAttribute('open', '');
  await expect(create.paramError('seed')).toHaveCount(0);
  await shell.attach(testInfo, 'advanced-open');
});

test('a required select with no value says so instead of showing the first option', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await shell.open(session.url);
  await create.chooseProvider('apixo');
  const mode = create.param('mode');
  await expect(mode).toHaveValue('');
  await expect(mode.locator('option:checked')).toHaveText('Choose a mode…');
  await shell.attach(testInfo, 'mode-placeholder');
  await mode.selectOption('omni-image');
  await expect(mode).toHaveValue('omni-image');
  await expect(create.paramError('mode')).toHaveCount(0);
});

test('prompt errors are shown once, at the prompt, in words', async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await openPoyo(shell, create);
  await shell.dropPaths([folder]);
  await expect(create.thumbs).toHaveCount(3);
  await create.typePrompt('a lamp {red|blue');
  await expect(create.promptError).toHaveCount(1);
  await expect(create.promptError).toContainText('never closed');
  await expect(create.dryRunIssues).not.toContainText('never closed');
  await shell.attach(testInfo, 'prompt-brace');

  // Switching the prompt source keeps what was typed.
  await create.choosePromptMode('lines');
  await expect(page.getByTestId('prompt-lines')).toHaveValue('a lamp {red|blue');

  await create.choosePromptMode('csv');
  await page.getByTestId('prompt-file-input').fill(path.join(session.home, 'missing.csv'));
  await expect(create.promptFileError).toContainText('cannot be read');
  await expect(page.getByText('prompts.file')).toHaveCount(0);

  const csv = path.join(session.home, 'bad.csv');
  writeFileSync(csv, 'file,words\na.png,hello\n');
  await page.getByTestId('prompt-file-input').fill(csv);
  await expect(create.promptFileError).toContainText('needs a "prompt" column');
  await expect(create.dryRunIssues).not.toContainText('prompt" column');
  await expect(page.getByText('prompts.file')).toHaveCount(0);
  await shell.attach(testInfo, 'prompt-csv');
});

test('the Start button says how many tasks fit the budget', async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await openPoyo(shell, create);
  await create.typePrompt('a kite {red|blue|green|gold}');
  await expect(create.dryRunTasks).toHaveText('4');
  await create.setBudget('10');
  await expect(create.startButton).toHaveText(/Start 2 of 4 tasks/);
  await expect(page.getByTestId('dry-run-budget')).toContainText('2 of 4 tasks fit');
  await shell.attach(testInfo, 'budget-start');
});

test('history finds failed tasks', async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  const queue = new QueuePage(page);
  const history = new HistoryPage(page);
  await openPoyo(shell, create);
  await create.typePrompt('a teapot {on a shelf|[sim:fail] that breaks}');
  await expect(create.dryRunTasks).toHaveText('2');
  await create.start();
  expect(await queue.waitFinished(queue.card(0))).toBe('partial');
  await shell.go('history');
  await history.filterStatus('failed');
  await expect(history.taskRows.filter({ hasText: 'that breaks' })).toHaveCount(1);
  await expect(history.taskRows.first()).toContainText('Failed');
  await shell.attach(testInfo, 'history-failed');
  await history.search('shelf');
  await expect(history.taskRows).toHaveCount(0);
});

test('a secondary button keeps its focus ring', async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  await shell.open(session.url);
  // Reach a secondary button from the keyboard, as a keyboard user does.
  const button = page.getByTestId('welcome-dismiss');
  await page.getByTestId('welcome-settings').focus();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  // Runs in the page; the node tsconfig has no DOM types, hence the structural type.
  const ring = await button.evaluate(
    (element) =>
      (
        globalThis as unknown as { getComputedStyle(e: unknown): { boxShadow: string } }
      ).getComputedStyle(element).boxShadow,
  );
  // The theme's focus ring is a 4 px ring in #8b8bf0 (light) or #7f7ff0 (dark).
  expect(ring).toMatch(/rgb\(1(39|27), 1(39|27), 240\)/);
  await shell.attach(testInfo, 'focus-ring');
});

test('at 1024 x 700 the Start button stays in reach', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await openPoyo(shell, create);
  await create.typePrompt('a quiet harbour');
  await expect(create.dryRunTasks).toHaveText('1');
  await expect(create.startButton).toBeInViewport();
  await page.getByTestId('output-dir-input').scrollIntoViewIfNeeded();
  await expect(create.startButton).toBeInViewport();
  await shell.attach(testInfo, 'start-bar-1024');
});

// Issue 10, item 4: "Retry N failed" on a canceled batch used to move the tasks to the queue of
// a batch that never runs again. Now the retry opens the batch for them and they run: the
// simulator sees exactly one more submit per failed task, and nothing stays queued.
import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app-shell';
import { ensureRendererBuilt, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { CreatePage } from './pages/create-page';
import { QueuePage } from './pages/queue-page';
import { simulatorSubmits } from './pages/simulator';

let session: Session;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 300 });
});

test.afterAll(async () => {
  await session?.close();
});

test('retry after cancel runs the failed tasks', async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  const queue = new QueuePage(page);
  await shell.open(session.url);
  await create.chooseProvider('poyo');
  await create.chooseModel('wan-2.7-image');
  // One fails, one never ends (so the batch is still open when Cancel comes), one succeeds.
  await create.typePrompt('a kite {[sim:fail] torn|[sim:stuck] high up|over the sea}');
  await expect(create.dryRunTasks).toHaveText('3');
  await create.start();
  const card = queue.card(0);
  await expect(queue.stats(card)).toContainText('1 failed');
  await queue.cancel(card);
  const retry = card.getByTestId('batch-retry');
  await expect(retry).toHaveText(/Retry 1 failed/);
  const before = await simulatorSubmits(session);
  await retry.click();
  // The failed task is sent again (the simulator fails it again: same prompt), once.
  await expect.poll(() => simulatorSubmits(session)).toBe(before + 1);
  await expect(queue.stats(card)).not.toContainText('queued');
  await shell.attach(testInfo, 'retry-after-cancel');
});

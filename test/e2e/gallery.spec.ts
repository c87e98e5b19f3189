// The gallery recycles its cells while scrolling. A user who ticks an output's checkbox and
// then scrolls with the wheel must not be left with focus on a checkbox that now shows another
// output (Space would select the wrong one): focus goes back to the grid. Space on a cell's
// checkbox selects that output; it is not taken by the grid's own Enter/Space (open).
import { expect, test } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract';
import { AppShell } from './pages/app-shell';
import { ensureRendererBuilt, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { HistoryPage } from './pages/history-page';

interface PageApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}
type PageGlobals = { genloomApi?: PageApi };

let session: Session;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 50 });
});

test.afterAll(async () => {
  await session.close();
});

test('scrolling away from a focused cell returns focus to the grid', async ({ page }) => {
  test.setTimeout(90_000);
  const shell = new AppShell(page);
  await shell.open(session.url);
  await page.waitForFunction(() => (globalThis as PageGlobals).genloomApi !== undefined);
  // 12 prompts x 15 images: enough rows that the first ones are recycled at the bottom.
  const done = await page.evaluate(async () => {
    const api = (globalThis as PageGlobals).genloomApi;
    if (!api) throw new Error('the API client is not exposed');
    const lines = Array.from({ length: 12 }, (_, i) => `a lantern, study ${i + 1}`);
    const { batchId } = await api.call('batch.create', {
      spec: {
        provider: 'poyo',
        model: 'seedream-5.0-lite',
        prompts: { kind: 'lines', lines },
        params: { n: 15 },
        pollMs: 50,
      },
    });
    for (;;) {
      const batch = await api.call('batch.get', { batchId });
      if (batch.status === 'done') return batch.counts.succeeded;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  expect(done).toBe(12);

  await shell.go('history');
  const history = new HistoryPage(page);
  await expect(history.count).toContainText('180');
  // A cell that was opened stays the grid's active cell once its panel is closed.
  await history.open(1);
  await page.getByTestId('detail-close').click();
  await expect(history.detail).toHaveCount(0);
  const checkbox = history.cells.first().getByTestId('gallery-select');
  await checkbox.focus();
  await expect(checkbox).toBeFocused();
  // Space on the focused checkbox selects that output (it does not open the detail panel).
  await page.keyboard.press(' ');
  await expect(checkbox).toBeChecked();
  await expect(page.getByTestId('selection-bar')).toContainText('1');
  await expect(history.detail).toHaveCount(0);

  const grid = page.getByTestId('gallery');
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(grid).toBeFocused();
});

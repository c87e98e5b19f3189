// The queue: batch cards with progress, spend, ETA and the task list.
import type { Locator, Page } from '@playwright/test';

export class QueuePage {
  constructor(readonly page: Page) {}

  get cards(): Locator {
    return this.page.getByTestId('batch-card');
  }

  card(index = 0): Locator {
    return this.cards.nth(index);
  }

  counts(card: Locator): Locator {
    return card.getByTestId('batch-counts');
  }

  spend(card: Locator): Locator {
    return card.getByTestId('batch-spend');
  }

  eta(card: Locator): Locator {
    return card.getByTestId('batch-eta');
  }

  /** The dialog that asks before a batch is canceled. */
  get cancelDialog(): Locator {
    return this.page.getByTestId('cancel-confirm');
  }

  /** Cancels the card's batch (confirming the question) and waits until it says so. */
  async cancel(card: Locator): Promise<void> {
    await card.getByTestId('batch-cancel').click();
    await this.cancelDialog.getByTestId('cancel-confirm-accept').click();
    await card.locator('xpath=self::*[@data-phase="canceled"]').waitFor();
  }

  /** The counts beside the progress bar: succeeded, failed, canceled, in progress. */
  stats(card: Locator): Locator {
    return card.getByTestId('batch-stats');
  }

  progress(card: Locator): Locator {
    return card.getByTestId('batch-progress');
  }

  /** Waits until the card's batch has finished (done, partial or failed). */
  async waitFinished(card: Locator, timeout = 45_000): Promise<string> {
    await card
      .locator('xpath=self::*[@data-phase="done" or @data-phase="partial" or @data-phase="failed"]')
      .waitFor({ timeout });
    return (await card.getAttribute('data-phase')) ?? '';
  }

  /** The task rows of an opened card; a row opens its details when clicked. */
  taskRows(card: Locator): Locator {
    return card.getByTestId('task-row');
  }

  async openTask(row: Locator): Promise<Locator> {
    await row.getByTestId('task-row-toggle').click();
    const details = row.getByTestId('task-details');
    await details.waitFor();
    return details;
  }

  get clearFinished(): Locator {
    return this.page.getByTestId('queue-clear-finished');
  }

  get showCleared(): Locator {
    return this.page.getByTestId('queue-show-cleared');
  }
}

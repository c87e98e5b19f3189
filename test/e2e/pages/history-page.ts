// The history gallery: search, filters, cells, the detail panel and its actions.
import type { Locator, Page } from '@playwright/test';

export class HistoryPage {
  constructor(readonly page: Page) {}

  get cells(): Locator {
    return this.page.getByTestId('gallery-cell');
  }
  get count(): Locator {
    return this.page.getByTestId('history-count');
  }
  get detail(): Locator {
    return this.page.getByTestId('detail-panel');
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('history-search').fill(text);
  }

  async filterStatus(status: '' | 'succeeded' | 'failed' | 'canceled'): Promise<void> {
    await this.page.getByTestId('filter-status').selectOption(status);
  }

  /** Tasks that ended without an output (failed or canceled), listed with their reason. */
  get taskRows(): Locator {
    return this.page.getByTestId('history-task');
  }

  async open(index = 0): Promise<void> {
    await this.cells.nth(index).click();
    await this.detail.waitFor();
  }

  async rerun(): Promise<Locator> {
    await this.detail.getByTestId('detail-rerun').click();
    const modal = this.page.getByTestId('rerun-modal');
    await modal.getByTestId('rerun-estimate').waitFor();
    return modal;
  }
}

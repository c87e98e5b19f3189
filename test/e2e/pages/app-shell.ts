// The page object for the window as a whole: navigation, the global drop, screenshots.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

export const SCREENS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'screens');

interface DataTransferLike {
  setData(format: string, data: string): void;
}

export type Route = 'create' | 'queue' | 'history' | 'settings';

export class AppShell {
  private shot = 0;
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('nav-create').waitFor();
  }

  async go(route: Route): Promise<void> {
    await this.page.getByTestId(`nav-${route}`).click();
    await this.page.getByTestId(`page-${route === 'create' ? 'create' : route}`).waitFor();
  }

  /**
   * Drops folders or files on the window as a file manager does: a drag whose data carries
   * a text/uri-list of file:// URLs (what a browser page can read of a native drop).
   */
  async dropPaths(paths: readonly string[]): Promise<void> {
    const uriList = paths.map((p) => pathToFileURL(p).href).join('\r\n');
    // Runs in the page; the node tsconfig has no DOM types, hence the structural type.
    const data = await this.page.evaluateHandle((list) => {
      const Ctor = (globalThis as unknown as { DataTransfer: new () => DataTransferLike })
        .DataTransfer;
      const transfer = new Ctor();
      transfer.setData('text/uri-list', list);
      return transfer;
    }, uriList);
    await this.page.dispatchEvent('body', 'dragenter', { dataTransfer: data });
    await this.page.getByTestId('drop-overlay').waitFor();
    await this.page.dispatchEvent('body', 'dragover', { dataTransfer: data });
    await this.page.dispatchEvent('body', 'drop', { dataTransfer: data });
    await data.dispose();
  }

  /** A screenshot of this step kept with the test's results (the HTML and JSON reports). */
  async attach(testInfo: TestInfo, name: string): Promise<void> {
    await testInfo.attach(name, { body: await this.page.screenshot(), contentType: 'image/png' });
  }

  /** Keeps a numbered screenshot of this step under test-results/screens/. */
  async screenshot(name: string): Promise<void> {
    this.shot += 1;
    const file = path.join(SCREENS_DIR, `${String(this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
  }
}

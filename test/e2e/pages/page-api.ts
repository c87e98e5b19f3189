// The page's own API client (window.genloomApi, the same contract the UI uses), called from a
// test: for setup a user would do elsewhere (settings, a batch made by another client) and for
// reading what the engine recorded. And the usual first step: the app on PoYo's Wan 2.7 Image.
import type { Page } from '@playwright/test';
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import { AppShell } from './app-shell';
import { CreatePage } from './create-page';

interface PageApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}
type PageGlobals = { genloomApi?: PageApi };

export async function callInPage<C extends Channel>(
  page: Page,
  channel: C,
  input: Input<C>,
): Promise<Output<C>> {
  await page.waitForFunction(() => (globalThis as PageGlobals).genloomApi !== undefined);
  // Plain values cross into the page; the contract's types are put back on the way out.
  const answer: unknown = await page.evaluate(
    async ({ name, value }: { name: string; value: unknown }) => {
      const api = (globalThis as PageGlobals).genloomApi;
      if (!api) throw new Error('the API client is not exposed');
      return api.call(name as Channel, value as never) as Promise<unknown>;
    },
    { name: channel as string, value: input as unknown },
  );
  return answer as Output<C>;
}

/** Opens the app at `url` with PoYo's Wan 2.7 Image chosen. */
export async function openPoyo(
  page: Page,
  url: string,
): Promise<{ shell: AppShell; create: CreatePage }> {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await shell.open(url);
  await create.chooseProvider('poyo');
  await create.chooseModel('wan-2.7-image');
  return { shell, create };
}

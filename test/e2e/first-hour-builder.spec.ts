// A newcomer's first hour (issue 10), the batch builder: an output folder that cannot take
// files is refused at the field before Start (the simulator sees no submit); the naming
// example is the name the first file really gets; a reload keeps the draft, Clear empties it.
// Each step attaches a screenshot to the test's results.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Channel, Input, Output } from '../../shared/ipc/contract';
import { ensureRendererBuilt, makeImageFolder, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { openPoyo } from './pages/page-api';
import { QueuePage } from './pages/queue-page';
import { simulatorSubmits } from './pages/simulator';

let session: Session;
let folder: string;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 200 });
  const color = { r: 90, g: 140, b: 200 };
  folder = await makeImageFolder(session.home, [
    { rel: 'a.png', width: 512, height: 512, color },
    { rel: 'b.png', width: 512, height: 512, color },
  ]);
});

test.afterAll(async () => {
  await session?.close();
});

interface PageApi {
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
}
type PageGlobals = { genloomApi?: PageApi };

/** batch.create through the contract, as any client could send it; answers the refusal. */
async function createThroughApi(page: Page, dir: string): Promise<string> {
  await page.waitForFunction(() => (globalThis as PageGlobals).genloomApi !== undefined);
  return page.evaluate(async (outDir) => {
    const api = (globalThis as PageGlobals).genloomApi;
    if (!api) throw new Error('the API client is not exposed');
    try {
      await api.call('batch.create', {
        spec: {
          provider: 'poyo',
          model: 'wan-2.7-image',
          params: {},
          prompts: { kind: 'text', text: 'a lamp' },
          output: { dir: outDir },
        },
      });
      return 'created';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, dir);
}

/** Every file under a folder, as paths relative to it with '/'. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .map((rel) => rel.split(path.sep).join('/'));
}

test('an output folder that cannot take files is refused at the field, before Start', async ({
  page,
}, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  await create.typePrompt('a lamp by the sea');
  await expect(create.dryRunTasks).toHaveText('1');
  const before = await simulatorSubmits(session);

  // Typed: checked after a pause in typing, said at the field in words, Start off with why.
  await create.outputDir.fill('/proc/x');
  await expect(create.outputDirError).toContainText('Output folder');
  await expect(create.outputDirError).toContainText('cannot be created');
  await expect(create.outputDirError).not.toContainText('output.dir');
  await expect(create.startButton).toBeDisabled();
  await expect(create.startBlocked).toContainText('/proc/x');
  await shell.attach(testInfo, 'output-dir-proc');

  // A file used as a folder, checked when the field loses focus.
  const photo = path.join(session.home, 'photo.jpg');
  writeFileSync(photo, 'not a folder');
  await create.outputDir.fill(path.join(photo, 'out'));
  await create.outputDir.blur();
  await expect(create.outputDirError).toContainText('file');
  await expect(create.startButton).toBeDisabled();
  await expect(create.startBlocked).toContainText('photo.jpg');
  await shell.attach(testInfo, 'output-dir-file');

  // The engine refuses both at planning too, whoever asks: nothing reaches the provider.
  expect(await createThroughApi(page, '/proc/x')).toMatch(/output\.dir/);
  expect(await createThroughApi(page, path.join(photo, 'out'))).toMatch(/output\.dir/);
  expect(await simulatorSubmits(session)).toBe(before);

  // A folder that can take files clears the refusal.
  await create.outputDir.fill(path.join(session.home, 'fine-out'));
  await expect(create.outputDirError).toHaveCount(0);
  await expect(create.startBlocked).toHaveCount(0);
  await expect(create.startButton).toBeEnabled();
});

test('the naming example is the name the first file gets', async ({ page }, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  const queue = new QueuePage(page);

  // Inputs, two prompts each: the engine adds {seq}; the example must show it.
  const withInputs = path.join(session.home, 'named-out');
  await shell.dropPaths([folder]);
  await expect(create.thumbs).toHaveCount(2);
  await create.typePrompt('a vase {red|blue}');
  await create.setName('Vases');
  await create.outputDir.fill(withInputs);
  await expect(create.dryRunTasks).toHaveText('4');
  await expect(create.namingExample).toHaveText(`${withInputs}/Vases/a-1-1.png`);
  await shell.attach(testInfo, 'naming-inputs');
  const example = await create.namingExample.textContent();
  await create.start();
  expect(await queue.waitFinished(queue.card(0))).toBe('done');
  const written = filesUnder(withInputs).filter((f) => !f.endsWith('.json'));
  expect(written).toHaveLength(4);
  expect(written.map((f) => `${withInputs}/${f}`)).toContain(example);

  // Text only: numbered by task, never a task id.
  await shell.go('create');
  await create.clearForm();
  await create.chooseProvider('poyo');
  await create.chooseModel('wan-2.7-image');
  const textOnly = path.join(session.home, 'text-out');
  await create.typePrompt('a kite');
  await create.setName('Kites');
  await create.outputDir.fill(textOnly);
  await expect(create.dryRunTasks).toHaveText('1');
  await expect(create.namingExample).toHaveText(`${textOnly}/Kites/0001-1.png`);
  await shell.attach(testInfo, 'naming-text-only');
  await create.start();
  expect(await queue.waitFinished(queue.card(0))).toBe('done');
  expect(filesUnder(textOnly).filter((f) => !f.endsWith('.json'))).toEqual(['Kites/0001-1.png']);
});

test('a reload keeps the batch draft, and Clear empties it', async ({ page }, testInfo) => {
  const { shell, create } = await openPoyo(page, session.url);
  await shell.dropPaths([folder]);
  await expect(create.thumbs).toHaveCount(2);
  await create.typePrompt('a teapot on a shelf');
  await create.setSeeds('1-3');
  await create.setBudget('50');
  await create.setName('Teapots');
  const out = path.join(session.home, 'draft-out');
  await create.outputDir.fill(out);
  await expect(create.dryRunTasks).toHaveText('6');

  await page.reload();
  await page.getByTestId('nav-create').waitFor();
  await expect(create.thumbs).toHaveCount(2);
  await expect(create.prompt).toHaveValue('a teapot on a shelf');
  await expect(page.getByTestId('seeds-input')).toHaveValue('1-3');
  await expect(page.getByTestId('budget-input')).toHaveValue('50');
  await expect(page.getByTestId('batch-name-input')).toHaveValue('Teapots');
  await expect(create.outputDir).toHaveValue(out);
  await expect(page.getByTestId('model-picker')).toHaveValue('wan-2.7-image');
  await expect(create.dryRunTasks).toHaveText('6');
  await shell.attach(testInfo, 'draft-restored');

  await create.clearForm();
  await expect(create.prompt).toHaveValue('');
  await expect(create.thumbs).toHaveCount(0);
  await page.reload();
  await page.getByTestId('nav-create').waitFor();
  await expect(create.prompt).toHaveValue('');
  await expect(create.thumbs).toHaveCount(0);
  await shell.attach(testInfo, 'draft-cleared');
});

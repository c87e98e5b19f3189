// Issue 10, item 8: one rule set per model for input files. A file planning would refuse is
// flagged on its thumbnail with the reason, before any dry run; "Remove 1 file with problems"
// drops it from the draft and the batch starts with the rest. The drop zone and the model
// card state the model's real rules (Modelverse: no GIF, 10 MB). Screenshots are attached.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app-shell';
import { ensureRendererBuilt, makeImageFolder, startSession } from './pages/bridge-session';
import type { Session } from './pages/bridge-session';
import { CreatePage } from './pages/create-page';

let session: Session;
let folder: string;

test.beforeAll(async () => {
  ensureRendererBuilt();
  session = await startSession({ demoLatencyMs: 200 });
  folder = await makeImageFolder(session.home, [
    { rel: 'good.png', width: 512, height: 512, color: { r: 90, g: 140, b: 200 } },
  ]);
  // Text with an image's name: it used to count as an image, with a broken thumbnail.
  writeFileSync(path.join(folder, 'notes.png'), 'shopping list: milk, eggs\n');
});

test.afterAll(async () => {
  await session?.close();
});

test('a file the model cannot use is flagged with the reason and removed in one click', async ({
  page,
}, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await shell.open(session.url);
  await create.chooseProvider('poyo');
  await create.chooseModel('wan-2.7-image');
  await create.typePrompt('a lamp by the sea');
  await create.typeFolder(folder);

  await expect(create.thumbs).toHaveCount(2);
  await expect(create.problemBadges).toHaveCount(1);
  await expect(create.problemBadges).toContainText('is not an image');
  const bad = create.thumbs.filter({ has: create.problemBadges });
  await expect(bad).toContainText('notes.png');
  await shell.attach(testInfo, 'problem-badge');

  const remove = page.getByTestId('inputs-remove-problems');
  await expect(remove).toHaveText('Remove 1 file with problems');
  await remove.click();

  await expect(create.thumbs).toHaveCount(1);
  await expect(create.problemBadges).toHaveCount(0);
  await expect(create.thumbs).toContainText('good.png');
  await expect(create.dryRunTasks).toHaveText('1');
  await expect(create.startButton).toBeEnabled();
  await expect(create.startButton).toContainText('1 task');
  await shell.attach(testInfo, 'after-remove');
});

test("the drop zone and the model card state the model's own rules", async ({ page }, testInfo) => {
  const shell = new AppShell(page);
  const create = new CreatePage(page);
  await shell.open(session.url);
  await create.chooseProvider('modelverse');
  await create.chooseModel('wan2.7-image');
  const dropzone = page.getByTestId('dropzone-rules');
  const card = page.getByTestId('model-input-rules');
  await expect(dropzone).toContainText('JPEG, PNG, WEBP or BMP, up to 10 MB');
  await expect(dropzone).not.toContainText('GIF');
  await expect(card).toContainText('JPEG, PNG, WEBP or BMP, up to 10 MB');

  // APIXO documents BMP, but its files travel through PoYo's upload, which refuses BMP.
  await create.chooseProvider('apixo');
  await expect(dropzone).not.toContainText('BMP');
  await expect(card).not.toContainText('BMP');
  await shell.attach(testInfo, 'apixo-rules');
});

// The history gallery at scale: seeds N outputs (100,000 by default) into a temp store through
// the store API, serves them with the real browser bridge, and measures in Chromium the
// gallery's first paint and, while scrolling, both the requestAnimationFrame deltas (vsync-bound:
// they show dropped frames) and the main-thread work per frame from a Chromium trace (they show
// headroom; see gallery-trace.ts). Figures, not pass/fail. Usage: npx tsx bench/gallery.ts [--outputs N] [--image-size PX]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startBridgeApp } from '../electron/bridge/app';
import { defaultDbFile, defaultOutputDir } from '../electron/engine/paths';
import { openStore } from '../electron/engine/store/connection';
import type { NewTask } from '../electron/engine/store/types';
import { measureScroll, ms, scrollReport } from './gallery-trace';

const ROOT = path.resolve(__dirname, '..');
const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Options {
  outputs: number;
  imageSize: number;
  distinctImages: number;
  scrollFrames: number;
  scrollStep: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    outputs: 100_000,
    imageSize: 512,
    distinctImages: 48,
    scrollFrames: 600,
    scrollStep: 60,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${argv[i]} must be followed by a whole number above 0`);
    }
    if (argv[i] === '--outputs') options.outputs = value;
    else if (argv[i] === '--image-size') options.imageSize = value;
    else if (argv[i] === '--frames') options.scrollFrames = value;
    else throw new Error(`unknown option ${argv[i]}; use --outputs N, --image-size PX, --frames N`);
  }
  return options;
}

async function makeImages(dir: string, count: number, size: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `seed-${String(i).padStart(3, '0')}.png`);
    const hue = (i * 47) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="hsl(${hue},60%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,30%)"/>
      </linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>
      <circle cx="${size / 2}" cy="${size / 2}" r="${size / 4}" fill="hsl(${(hue + 200) % 360},70%,70%)" opacity="0.6"/></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(file);
    files.push(file);
  }
  return files;
}

const WORDS = [
  'lighthouse',
  'forest',
  'harbor',
  'portrait',
  'neon city',
  'desert',
  'glacier',
  'market',
  'orchard',
  'studio',
];
const STYLES = ['watercolor', 'oil painting', 'photo', 'ink sketch', 'isometric render'];

/** Seeds batches, tasks and one downloaded output per task, in a handful of transactions. */
function seed(home: string, files: readonly string[], total: number): number {
  const started = performance.now();
  const store = openStore(defaultDbFile(home));
  const batches = 20;
  const perBatch = Math.ceil(total / batches);
  const now = Date.now();
  let made = 0;
  for (let b = 0; b < batches && made < total; b++) {
    const batchId = `bench-batch-${b}`;
    const createdAt = now - (batches - b) * 3_600_000;
    store.batches.create({
      id: batchId,
      name: `Bench batch ${b + 1}`,
      provider: 'poyo',
      model: 'wan-2.7-image',
      spec: { provider: 'poyo', model: 'wan-2.7-image' },
      status: 'done',
      outDir: defaultOutputDir(home),
      template: '{batch}/{input}-{index}.{ext}',
      collision: 'suffix',
      currency: 'credits',
      estimatedCost: perBatch * 4.2,
      createdAt,
    });
    const count = Math.min(perBatch, total - made);
    const tasks: NewTask[] = [];
    for (let i = 0; i < count; i++) {
      const n = made + i;
      const prompt = `a ${WORDS[n % WORDS.length]} at dusk, ${STYLES[n % STYLES.length]}, variant ${n}`;
      tasks.push({
        id: `bench-task-${n}`,
        batchId,
        seq: i + 1,
        provider: 'poyo',
        model: 'wan-2.7-image',
        params: { prompt, size: '1024x1024', n: 1, seed: n },
        prompt,
        seed: n,
        idempotencyKey: `bench-key-${n}`,
        estimatedCost: 4.2,
        outputsExpected: 1,
        state: 'succeeded',
        createdAt: createdAt + i,
      });
    }
    store.tasks.insertMany(tasks);
    store.transaction(() => {
      for (let i = 0; i < count; i++) {
        const n = made + i;
        const output = store.outputs.insert({
          taskId: `bench-task-${n}`,
          idx: 0,
          url: `https://example.invalid/bench/${n}.png`,
          type: 'image',
          createdAt: createdAt + i,
        });
        store.outputs.markDone(output.id, {
          path: files[n % files.length] as string,
          bytes: 1000,
          sha256: `bench-${n % files.length}`,
        });
      }
    });
    made += count;
  }
  store.close();
  console.log(
    `seeded ${made.toLocaleString('en-US')} outputs in ${ms(performance.now() - started)}`,
  );
  return made;
}

function ensureRendererBuilt(): void {
  if (existsSync(path.join(RENDERER_DIR, 'index.html')) && !process.env.GENLOOM_BENCH_REBUILD)
    return;
  const bin = path.join(ROOT, 'node_modules', '.bin', 'electron-vite');
  const result = spawnSync(bin, ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}

/** Installed before the page loads: notes when the first gallery cell and its image appear. */
const PAINT_PROBE = `
  window.__gallery = { firstCell: null, firstImages: null };
  new MutationObserver((_, observer) => {
    const cells = document.querySelectorAll('[data-testid="gallery-cell"] img');
    if (cells.length === 0) return;
    if (window.__gallery.firstCell === null) window.__gallery.firstCell = performance.now();
    const all = [...cells];
    Promise.all(all.map((img) => img.decode().catch(() => undefined))).then(() => {
      if (window.__gallery.firstImages === null) {
        requestAnimationFrame(() => { window.__gallery.firstImages = performance.now(); });
      }
    });
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

// Page-side scripts are strings: this file compiles without DOM types (tsconfig.node.json).
const PAINT_READ = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { ...window.__gallery, fcp: fcp ? fcp.startTime : NaN };
})()`;

/** Jumps to the middle and resolves after two frames, once the grid has re-rendered there. */
const JUMP_SCRIPT = `new Promise((resolve) => {
  const grid = document.querySelector('[data-testid="gallery"]');
  grid.scrollTop = grid.scrollHeight / 2;
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(grid.scrollTop)));
})`;

/** Every cell inside the viewport shows an output (no skeleton waiting for its page). */
const FILLED_SCRIPT = `(() => {
  const grid = document.querySelector('[data-testid="gallery"]');
  const view = grid.getBoundingClientRect();
  const inView = [...grid.querySelectorAll('.vgrid-cell')].filter((cell) => {
    const r = cell.getBoundingClientRect();
    return r.bottom > view.top && r.top < view.bottom;
  });
  return inView.length > 0 && inView.every((cell) => cell.querySelector('[data-testid="gallery-cell"]'));
})()`;

/** Polls a page expression (page.evaluate bypasses the page CSP; waitForFunction would not). */
async function pollUntil(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await page.evaluate(expression)) === true) return;
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
}

interface PaintFigures {
  firstCell: number;
  firstImages: number;
  fcp: number;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  ensureRendererBuilt();
  const home = mkdtempSync(path.join(tmpdir(), 'genloom-gallery-bench-'));
  try {
    const files = await makeImages(
      defaultOutputDir(home),
      options.distinctImages,
      options.imageSize,
    );
    const total = seed(home, files, options.outputs);
    const app = await startBridgeApp({
      home,
      rendererDir: RENDERER_DIR,
      port: 0,
      // The gallery reads the store and disk only: no providers, no simulator, no network.
      demo: 'off',
      version: 'bench',
      env: {},
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.addInitScript(PAINT_PROBE);
      await page.goto(`${app.bridge.url}#/history`);
      try {
        await pollUntil(page, 'window.__gallery.firstImages !== null', 60_000);
      } catch (error) {
        await page.screenshot({ path: path.join(tmpdir(), 'genloom-gallery-bench-timeout.png') });
        throw error;
      }
      const paint = (await page.evaluate(PAINT_READ)) as PaintFigures;
      const count = await page.getByTestId('history-count').textContent();

      const scroll = await measureScroll(browser, page, options.scrollFrames, options.scrollStep);
      const rendered = await page.locator('[data-testid="gallery-cell"], .cell-skeleton').count();

      // A jump far down: the grid reads the pages there by position (history.window).
      const jumpStart = Date.now();
      await page.evaluate(JUMP_SCRIPT);
      await pollUntil(page, FILLED_SCRIPT, 120_000);
      const jumpMs = Date.now() - jumpStart;

      console.log(
        `gallery bench: ${total.toLocaleString('en-US')} outputs (${count?.trim()}), ${options.imageSize}px images, Chromium ${browser.version()}`,
      );
      console.log(`  first contentful paint        ${ms(paint.fcp)}`);
      console.log(`  first gallery cell rendered   ${ms(paint.firstCell)}`);
      console.log(`  first screen of images shown  ${ms(paint.firstImages)}`);
      for (const line of scrollReport(scroll)) console.log(`  ${line}`);
      console.log(`  cells in the DOM while scrolling: ${rendered}`);
      console.log(`  jump to 50% and fill the screen: ${jumpMs} ms`);
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

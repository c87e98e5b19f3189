// The one test command (`npm test`), also run by CI: unit and integration tests under vitest,
// then the browser tests under Playwright against a fresh build. Both runners write JSON
// reports; the closing line `N passed, N failed` is added from them, since CI reads it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

const totals = { passed: 0, failed: 0, skipped: 0 };
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const vitestReport = join(results, 'vitest.json');
rmSync(vitestReport, { force: true });
const vitestStatus = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  // A suite that fails to load counts no test; count it as a failure so it cannot hide.
  totals.failed += vitest.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
} else {
  totals.failed += 1;
}

let e2eStatus = 0;
if (process.env.GENLOOM_SKIP_E2E === '1') {
  console.log('browser tests skipped (GENLOOM_SKIP_E2E=1)');
} else {
  const buildStatus = run(bin('electron-vite'), ['build']);
  if (buildStatus !== 0) {
    totals.failed += 1;
    e2eStatus = buildStatus;
  } else {
    const pwReport = join(results, 'playwright.json');
    rmSync(pwReport, { force: true });
    e2eStatus = run(bin('playwright'), ['test']);
    const pw = readJson(pwReport);
    if (pw) {
      totals.passed += pw.stats.expected + pw.stats.flaky;
      totals.failed += pw.stats.unexpected;
      totals.skipped += pw.stats.skipped;
    } else {
      totals.failed += 1;
    }
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || vitestStatus !== 0 || e2eStatus !== 0 ? 1 : 0);

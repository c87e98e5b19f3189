import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; Playwright specs under test/e2e run separately.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'test/e2e/**'],
    environment: 'node',
    // Forks, not threads: native modules (better-sqlite3, sharp) are safest in child processes.
    pool: 'forks',
  },
});

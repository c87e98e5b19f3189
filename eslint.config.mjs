// Layers are enforced here, as VS Code does: reading a path tells what a file may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Bare built-in names are matched exactly (`paths`), so `./events` or `../ipc/events` stay allowed.
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'stream',
  'url',
  'events',
  'worker_threads',
];
const nodeBuiltinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'coverage/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports (default exports only for React components).',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths('shared/ is pure TypeScript: no Node modules.'),
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
            {
              group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom', 'zustand'],
              message: 'shared/ imports neither side.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'electron/bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The engine, CLI and bridge run under plain Node: never import electron.',
            },
            {
              group: ['**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'The engine does not import the Electron shell or the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths('The renderer has no Node: talk to main through lib/api.ts.'),
          patterns: [
            {
              group: ['node:*'],
              message: 'The renderer has no Node: talk to main through lib/api.ts.',
            },
            {
              group: ['electron', 'electron/*', '**/electron/**'],
              message: 'The renderer talks to main only through the typed contract.',
            },
          ],
        },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['**/*.config.{ts,mts,mjs,js}', 'eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

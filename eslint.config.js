// Lint for every package, plus the dependency direction of ARCHITECTURE.md §2 as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbid = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/work/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'test/src/**/*.ts', '**/*.fixture.ts', '**/*-test-support.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', 'no-console': 'off' },
  },
  {
    files: ['plugin-api/src/**/*.ts'],
    rules: forbid(['@timelocker/*', '**/workbench/**', '**/plugin-host/**', '**/builtin-plugins/**'], 'plugin-api imports nothing of ours.'),
  },
  {
    files: ['plugin-host/src/**/*.ts'],
    rules: forbid(['@timelocker/workbench*', '**/workbench/**', '**/builtin-plugins/**'], 'The plugin host depends on plugin-api only.'),
  },
  {
    files: ['workbench/src/**/*.ts'],
    rules: forbid(['@timelocker/plugin-host*', '**/plugin-host/**', '**/builtin-plugins/**'], 'The kernel never imports the plugin host (it only spawns it) nor plugins.'),
  },
  {
    files: ['workbench/src/browser/**/*.ts'],
    rules: forbid(['**/node/**', '@timelocker/plugin-host*'], 'Browser code talks to the REST API only.'),
  },
  {
    files: ['builtin-plugins/*/src/**/*.ts'],
    rules: forbid(['@timelocker/plugin-api/protocol', '@timelocker/workbench*', '@timelocker/plugin-host*', '../../*', '../../../*'], 'Plugins import the public @timelocker/plugin-api only.'),
  },
  {
    // CommonJS: *.cjs, and the `timelocker` entry (workbench/bin/package.json).
    files: ['**/*.cjs', 'workbench/bin/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' } },
  },
);

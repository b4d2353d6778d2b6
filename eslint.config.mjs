// Lint rules, including the layer boundaries of DESIGN.md: core is plain TypeScript (no `vscode`, no host or
// webview code), the webview never reaches into the host, and the host never into the webview.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const noVscode = { group: ['vscode'], message: 'Only src/host and src/extension.ts may import vscode.' };
const noHost = { group: ['**/host/**', '**/host'], message: 'This layer may not import host code.' };
const noWebview = { group: ['**/webview/**', '**/webview'], message: 'This layer may not import webview code.' };
const noDefaultExport = { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' };
const noGetConfiguration = {
  selector: "MemberExpression[property.name='getConfiguration']",
  message: 'Read settings through the settings service (src/host/config.ts).',
};
const noRegisterCommand = {
  selector: "MemberExpression[property.name='registerCommand']",
  message: 'Add the command to the table in src/host/commands.ts.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/workspace/**', 'test/fixtures/edits/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noDefaultExport],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['src/core/**/*.ts'], rules: layer([noVscode, noHost, noWebview]) },
  // One settings service (defaults, types and change events in one place) and one table of commands.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/host/config.ts', 'src/host/commands.ts'],
    rules: { 'no-restricted-syntax': ['error', noDefaultExport, noGetConfiguration, noRegisterCommand] },
  },
  { files: ['src/host/config.ts'], rules: { 'no-restricted-syntax': ['error', noDefaultExport, noRegisterCommand] } },
  { files: ['src/host/commands.ts'], rules: { 'no-restricted-syntax': ['error', noDefaultExport, noGetConfiguration] } },
  // Unit tests run in plain Node: core, and the webview's pure modules, but nothing that needs VS Code.
  { files: ['test/unit/**/*.ts'], rules: layer([noVscode, noHost]) },
  { files: ['src/webview/**/*.ts'], rules: layer([noVscode, noHost]) },
  { files: ['src/host/**/*.ts'], rules: layer([noWebview]) },
  { files: ['src/webview/**/*.ts'], languageOptions: { globals: globals.browser } },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // End-to-end tests run under mocha and hand callbacks to the browser page (page.evaluate).
  { files: ['test/e2e/**/*.mjs'], languageOptions: { globals: { ...globals.mocha, ...globals.browser } } },
  // Benchmarks in the workbench hand callbacks to the browser page too.
  { files: ['test/bench/**/*.mjs'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['eslint.config.mjs'], rules: { 'no-restricted-syntax': 'off' } },
);

// Lint for what the compiler does not check: which world each folder may import from, and
// typescript-eslint's recommended rules. Types are checked by `tsc --noEmit` (npm run check-types).
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'src/core, src/cli, src/shared and src/webview run on plain Node or in the webview: only src/vscode may import vscode.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // The page's globals exist only in the webview; anywhere else they would be a bug (the main
    // tsconfig has no DOM library either, so the compiler says the same).
    files: ['src/**/*.ts'],
    ignores: ['src/webview/**'],
    rules: {
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'HTMLElement', 'requestAnimationFrame'].map((name) => ({ name, message: 'The DOM belongs to src/webview only.' }))],
    },
  },
  {
    // Tests, benchmarks and the CLI may print; the extension logs through its channels instead.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);

// ESLint for `npm test` (run before the suites, with `tsc --noEmit`): a small rule set that catches
// what review kept finding (unused code, promises nobody awaits, imports across layers, long lines),
// not a style guide. test/unit/architecture.test.ts checks the full layer picture; the
// no-restricted-imports lines below give the same answer in the editor as you type.
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const ENGINE_FOLDERS = ['dockerfile', 'image', 'stats', 'compose', 'load', 'logs'];

/** Imports an engine must never make: the editor, the CLI, the webviews. */
const engineRestrictions = {
  paths: [{ name: 'vscode', message: 'Engines never import vscode: put editor code in src/vscode.' }],
  patterns: [{ group: ['**/vscode/**', '**/cli/**', '**/webview/**'], message: 'Engines import only src/docker, src/shared and their own folder.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.bench/**', '.scratch/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@stylistic': stylistic },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      'prefer-rest-params': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: {
      // Strings, URLs and regular expressions may run long: breaking them hurts more than it helps.
      '@stylistic/max-len': ['error', {
        code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
  {
    // Debt, to pay down: the compose and load engines landed (session 5) with lines up to 180
    // characters; they are rewrapped to 120 file by file, and this block then goes.
    files: ['src/compose/**/*.ts', 'src/load/**/*.ts'],
    rules: {
      '@stylistic/max-len': ['error', {
        code: 180, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
  ...ENGINE_FOLDERS.map((engine) => ({
    files: [`src/${engine}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', engineRestrictions] },
  })),
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Webview pages run in a browser: talk to the extension through src/shared/protocol.' }],
        patterns: [{ group: ['**/src/*', '!**/src/shared'], message: 'Webview pages import only src/shared.' }],
      }],
    },
  },
);

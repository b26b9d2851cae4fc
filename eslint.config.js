// ESLint: typescript-eslint's recommended type-checked rules, with the exceptions the code has
// reason for (each explained below). Prettier owns formatting, so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', 'test/output/', 'data-sample/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names mark parameters a signature needs but a body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Readers that read synchronously keep an async signature, so a thrown InputError reaches
      // callers as a rejection their .catch handles, and the signature stays when a read becomes
      // asynchronous.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The coding page is compiled for the browser by its own tsconfig (DOM types, no Node).
    files: ['src/page/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['./tsconfig.page.json'] },
    },
    rules: {
      // Buttons and keys start saves whose outcome the page shows in its status line
      // (postChange never rejects), so a handler may return the save's promise.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    // Plain JavaScript (this file, the test loader hooks, the coding page's browser script) has no
    // type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false }, globals: { ...globals.node } },
  },
  {
    // Tests read the CLI's JSON output (JSON.parse gives `any`) and assert on its shape; typing
    // every expected document would restate the code under test.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Test doubles of Node's fs functions are written loosely on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // csv-parse's result is typed by the assertion that names the expected shape.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);

// Lint of the TypeScript and Vue sources (npm run lint, part of npm test): the recommended rules
// of ESLint, typescript-eslint and eslint-plugin-vue.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'bin/**', 'scripts/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Vue's essential rules: correctness, not template layout.
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      // TypeScript checks names (browser and Node globals included); ESLint's own check does not know the types.
      'no-undef': 'off',
      // `_name` marks a value taken only to be left out (destructuring) or a required parameter.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);

// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const frameworkImports = {
  patterns: [
    {
      group: ['@nestjs/*', '@mikro-orm/*'],
      message: '@ddd-kit/core stays framework-free: no Nest or MikroORM imports (see STYLE.md).',
    },
  ],
};

const deepLibraryImports = {
  patterns: [
    {
      group: ['**/libs/*/src/**', '@ddd-kit/*/**'],
      message: 'Import libraries only through their entry point, e.g. `@ddd-kit/database`.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'bench/results/**', 'bench/peer/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest and MikroORM put classes behind decorators; empty subclasses and DI-only classes are normal.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Units of work take `() => Promise<T>`; an async callback without await is the normal case.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['libs/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', frameworkImports] } },
  { files: ['apps/**/*.ts'], rules: { 'no-restricted-imports': ['error', deepLibraryImports] } },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'libs/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // HTTP tests read JSON bodies of many shapes; typing each one would only restate the assertions.
    files: ['apps/*/test/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);

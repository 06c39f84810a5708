// ESLint: typescript-eslint's strict, type-aware rules; formatting is Prettier's (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'flink-job/target/**', 'results/**', 'docs/**', '.flink-local/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // With noUncheckedIndexedAccess, `xs[i]!` after a length check is the idiom, not a smell.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans in messages are what the user reads: allowed in templates.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `(r) => setTimeout(r, ms)` reads as what it is.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON documents and mocked Pulumi inputs, which are untyped by nature.
    files: ['**/*.test.ts', '**/*.testkit.ts', '**/*.fixture.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // A typed fixture reader, `fixture<JobDetails>('job')`, is clearer than a cast at every call.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // afterAll runs even when beforeAll failed: what beforeAll sets may be unset there.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Stand-ins implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);

// Lints resolvers/ (and what they bundle in) with AppSync's rules: the local vm would run
// code AppSync refuses (try, while, ++, classes, async, regex literals...), so this is what
// keeps local and cloud honest.
import appsync from '@aws-appsync/eslint-plugin';
import tsParser from '@typescript-eslint/parser';

export default [
  // Build output (the compiled local runtime, the CDK assembly): generated, never linted.
  { ignores: ['dist/**', 'cdk.out/**'] },
  {
    // Every environment variable is read once, in local/config.ts; the rest get their part of Settings.
    files: ['local/**/*.ts', 'local/**/*.cjs'],
    // sdkNotice.ts writes the AWS SDK's own switch; it reads nothing.
    ignores: ['local/config.ts', 'local/sdkNotice.ts'],
    languageOptions: { parser: tsParser },
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read environment variables in local/config.ts (Settings), nowhere else.' },
      ],
    },
  },
  {
    files: ['resolvers/**/*.ts', 'definitions/ordersTable.ts'],
    // Type information from a program of these files alone (tsconfig.resolvers.json), not the whole project's.
    languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.resolvers.json', tsconfigRootDir: import.meta.dirname } },
    plugins: appsync.configs.recommended.plugins,
    rules: appsync.configs.recommended.rules,
  },
];

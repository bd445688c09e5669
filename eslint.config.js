// Lint: typed rules everywhere, plus the purity fence around services/domain (STYLE.md habit 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impureModules = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'net',
  'http',
  'https',
  'child_process',
  'crypto',
  'events',
  'stream',
  '@aws-sdk/*',
  'aws-cdk-lib',
  'aws-cdk-lib/*',
  'next',
  'next/*',
  'react',
  'ws',
  'mqtt',
  'aedes',
  'jsmodbus',
  'ocpp-rpc',
  'highs',
  '@ampfleet/adapters',
  '@ampfleet/functions',
  '@ampfleet/local',
  '@ampfleet/edge-agent',
  '@ampfleet/web',
];

// The data layer's table-level functions: only the data layer (and tests seeding data) call them.
const lowLevelDynamo = [
  'createDynamoClients',
  'ensureTable',
  'createTableInput',
  'applyTelemetry',
  'applyCommandResult',
  'readFleet',
  'readTransactions',
  'readHealth',
  'registerSite',
  'createCommandRecord',
  'getCommandRecord',
  'listCommandRecords',
  'failPendingCommand',
  'readSiteItems',
  'readSiteSnapshot',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      'web/next-env.d.ts',
      '**/cdk.out/**',
      'infra/.build/**',
      'edge-agent/dist/**',
      'services/client/dist/**',
      'test/bench/.build/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // ocpp-rpc and tRPC handlers must return promises even when they have nothing to await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    // No procedure reaches a table client: the console, its API and the use cases get org-bound
    // repositories (forOrg) and never the SDK or the data layer's low-level DynamoDB functions.
    files: ['web/**/*.ts', 'web/**/*.tsx', 'services/app/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Use the org-bound repositories (forOrg), not the SDK.' },
          ],
          paths: [
            {
              name: '@ampfleet/adapters',
              importNames: lowLevelDynamo,
              message: 'Use the org-bound repositories (forOrg) or a use case (@ampfleet/app).',
            },
          ],
        },
      ],
    },
  },
  {
    // The edge agent ships to site boxes without the cloud adapters (AWS SDK): logging and shutdown come from runtime.
    files: ['edge-agent/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ampfleet/adapters', '@ampfleet/adapters/*', '@aws-sdk/*'],
              message: 'The edge agent carries no AWS SDK: use @ampfleet/runtime.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure core: no I/O, no environment, no clock, no randomness except through parameters.
    files: ['services/domain/src/**/*.ts'],
    ignores: ['services/domain/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: impureModules, message: 'services/domain is pure: do I/O in adapters.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'services/domain reads no environment: pass values in.' },
        { name: 'fetch', message: 'services/domain does no I/O.' },
        { name: 'setTimeout', message: 'services/domain has no timers.' },
        { name: 'setInterval', message: 'services/domain has no timers.' },
        { name: 'require', message: 'ESM only.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'services/domain reads no clock: take `now` as a parameter.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'services/domain has no randomness: take a seeded source.',
        },
        { object: 'crypto', property: 'randomUUID', message: 'services/domain has no randomness.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'No clock in services/domain: pass `now`.',
        },
      ],
    },
  },
);

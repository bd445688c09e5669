import { defineConfig } from 'vitest/config';

// Three projects, run side by side (Vitest runs projects in parallel):
// - unit: fast pure/in-process tests, files in parallel;
// - integration: against the real local servers (DynamoDB Local, aedes, OCPP over loopback), one file
//   at a time so two of its JVMs never compete;
// - e2e: the whole stack (the console's production build, started once by the global setup) in
//   headless chromium, one file at a time.
// The two serial lanes overlap: on 2 cores each waits mostly on timers and I/O, so the suite takes
// about the longer lane instead of their sum. Tests never depend on machine speed (see test/README.md).
const STACK_FILES = [
  'test/e2e/**/*.test.ts',
  'test/integration/fleet-sites.test.ts',
  'test/integration/partner-client.int.test.ts',
  'test/integration/start-cli.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'services/**/*.test.ts',
            'edge-agent/**/*.test.ts',
            'web/**/*.test.ts',
            'infra/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...STACK_FILES],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: STACK_FILES,
          exclude: ['**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});

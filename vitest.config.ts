import { defineConfig } from 'vitest/config';

// Two projects: fast pure/unit tests, and integration/e2e tests against the real local servers
// (DynamoDB Local, aedes, OCPP over loopback, chromium). Integration tests run one file at a time
// so two JVMs or two Next servers never compete for the 2 cores; they share one DynamoDB Local, a table
// each (test/support/global-setup.ts). Measured on CI's 2 cores: two unit workers, or the static checks
// run two at a time, gained nothing (each tool already keeps both cores busy).
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

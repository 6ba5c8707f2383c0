import { defineConfig } from 'vitest/config';

/**
 * Integration files that measure latency or throughput as a shape (this against that, in one
 * run) and so need a machine nobody else is loading: they run last, one file at a time, after
 * every other file has finished.
 */
const MEASURING = [
  'tests/account-fair-share.test.ts',
  'tests/account-isolation.test.ts',
  'tests/group-delete-isolation.test.ts',
  'tests/ferretdb-id-index.test.ts',
  'tests/overload-ceilings.test.ts',
  'tests/write-queue-fair-share.test.ts',
];

const integration = {
  globalSetup: ['tests/support/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: MEASURING,
          sequence: { groupOrder: 0 },
          ...integration,
        },
      },
      {
        test: {
          name: 'measuring',
          include: MEASURING,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          ...integration,
        },
      },
    ],
  },
});

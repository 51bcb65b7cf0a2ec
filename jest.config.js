

// Every test talks to a real PostgreSQL: the global setup starts one (or uses
// TEST_DATABASE_URL / DATABASE_URL) and migrates a template database that each
// test file clones into its own database, so files run in parallel safely.
/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/connectors/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};

export default config;

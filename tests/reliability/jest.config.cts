const { join } = require('node:path');
const { tmpdir } = require('node:os');

// Every 4xx body the API answers during the run lands here; the teardown checks each has a code
// from the contracts (tests/support/error-vocabulary.ts). Workers and spawned APIs inherit it.
process.env.ERROR_BODIES_DIR ??= join(tmpdir(), `suivi-error-bodies-reliability-${process.pid}`);

/* Reliability suites: soak, faults (PostgreSQL restarted, Redis down, SIGKILL) and bad input.
   The fault suites start their own PostgreSQL and Redis servers, never the shared ones. */
module.exports = {
  displayName: 'reliability',
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/reliability/**/*.e2e-spec.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  moduleNameMapper: {
    '^@suivi/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@suivi/migrations$': '<rootDir>/migrations/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.nx'],
  testTimeout: 300000,
  globalSetup: '<rootDir>/tests/support/error-vocabulary.setup.ts',
  globalTeardown: '<rootDir>/tests/support/error-vocabulary.teardown.ts',
  maxWorkers: 2,
};

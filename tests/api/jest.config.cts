const { join } = require('node:path');
const { tmpdir } = require('node:os');

// Every 4xx body the API answers during the run lands here; the teardown checks each has a code
// from the contracts (tests/support/error-vocabulary.ts). Workers and spawned APIs inherit it.
process.env.ERROR_BODIES_DIR ??= join(tmpdir(), `suivi-error-bodies-api-${process.pid}`);

/* API end-to-end suites: the whole application on a real database (embedded, or the server
   named by DATABASE_URL). */
module.exports = {
  displayName: 'api-e2e',
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/api/**/*.e2e-spec.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  moduleNameMapper: {
    '^@suivi/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@suivi/migrations$': '<rootDir>/migrations/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.nx'],
  // Generous: starting an app on a fresh embedded database takes seconds on an idle machine, a minute on a busy one.
  testTimeout: 120000,
  globalSetup: '<rootDir>/tests/support/error-vocabulary.setup.ts',
  globalTeardown: '<rootDir>/tests/support/error-vocabulary.teardown.ts',
  maxWorkers: 2,
};

const { join } = require('node:path');
const { tmpdir } = require('node:os');

// Every 4xx body the API answers during the run lands here; the teardown checks each has a code
// from the contracts (tests/support/error-vocabulary.ts). Workers and spawned APIs inherit it.
process.env.ERROR_BODIES_DIR ??= join(tmpdir(), `suivi-error-bodies-browser-${process.pid}`);

/* Browser suites: the built web app served by the real API, in Debian's Chromium. */
module.exports = {
  displayName: 'browser',
  rootDir: '../..',
  testMatch: ['<rootDir>/tests/browser/**/*.e2e-spec.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@suivi/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@suivi/migrations$': '<rootDir>/migrations/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/.nx'],
  testTimeout: 90000,
  globalSetup: '<rootDir>/tests/support/error-vocabulary.setup.ts',
  globalTeardown: '<rootDir>/tests/support/error-vocabulary.teardown.ts',
  maxWorkers: 1,
};

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
  maxWorkers: 2,
};

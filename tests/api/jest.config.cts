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
  maxWorkers: 2,
};

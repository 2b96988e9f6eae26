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
  maxWorkers: 1,
};

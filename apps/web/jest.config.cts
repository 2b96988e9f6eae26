module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.js',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  coverageDirectory: '../../coverage/apps/web',
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        stringifyContentPathRegex: '\\.(html|svg)$',
      },
    ],
  },
  // Angular's locale data and @jsverse/utils ship as ES modules in plain .js files.
  transformIgnorePatterns: ['node_modules/(?!(.*\\.mjs$|@angular/common/locales/|@jsverse/))'],
  // A component spec's first test also compiles its templates: 5 s is too short on a loaded machine
  // (a commitment-page spec timed out once at load 12, its later tests taking 0.1 s each).
  testTimeout: 20_000,
  snapshotSerializers: [
    'jest-preset-angular/build/serializers/no-ng-attributes',
    'jest-preset-angular/build/serializers/ng-snapshot',
    'jest-preset-angular/build/serializers/html-comment',
  ]
};

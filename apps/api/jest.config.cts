module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  // Some specs build real files (a PDF whose object streams inflate to 100 MB): 5 s is too short on
  // a loaded machine (one timed out at load 8).
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/api',
};

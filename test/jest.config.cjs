module.exports = { ...require('../jest.preset.cjs'), testTimeout: 120_000, testMatch: ['<rootDir>/tests/**/*.test.ts'] };

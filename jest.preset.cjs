// Shared jest setup: TypeScript and the ESM-only dependencies (jose, PGlite) are
// transformed by swc so jest can run them in its CommonJS runtime.
module.exports = {
  testEnvironment: 'node',
  // Suites start real databases (PGlite) and servers: 5 s is too little on a loaded 2-core machine.
  testTimeout: 30_000,
  transform: {
    '^.+\\.(t|j|mj|cj)sx?$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } },
      module: { type: 'commonjs' },
    }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@electric-sql)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

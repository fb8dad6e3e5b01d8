/** Jest in native ESM mode: ts-jest compiles TypeScript, relative `.js` specifiers map back to `.ts`. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testRegex: '(src|test|sample-app)/.*\\.(spec|e2e-spec)\\.ts$',
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^nestjs-oauth2-token$': '<rootDir>/src/index.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // @fastify/static (Swagger UI on Fastify) require()s content-disposition 3, an ES module: Node >= 20.19 loads it
    // natively, Jest's own require only on Node >= 24.9, so Jest gets it compiled to CommonJS.
    '/content-disposition/dist/index\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/)',
  ],
  testTimeout: 30000,
};

import type { Config } from 'jest';

/**
 * Three tiers, told apart by suffix (as Emmett does):
 * - `*.unit.spec.ts`: pure, no I/O;
 * - `*.int.spec.ts`: real PostgreSQL (and later Redis and Kafka);
 * - `*.e2e.spec.ts`: a whole Nest app over HTTP.
 *
 * NestJS 12 and MikroORM 7 are ESM-only, so Jest runs in ESM mode
 * (`--experimental-vm-modules`) and SWC compiles TypeScript with legacy decorators and metadata.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
] as const;

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@ddd-kit/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/bench'],
  // The peer comparison has its own node_modules and no tests of ours.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/peer/'],
};

const config: Config = {
  // In CI, exit once the results are in rather than wait for a handle a test left open: once a
  // kafkajs consumer restarted behind a closed app (fixed since, see KafkaProjectionSource)
  // kept Jest alive for the whole CI time limit after every test had passed. Locally Jest still
  // waits and names such a leak.
  forceExit: process.env['CI'] === 'true',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
    },
  ],
};

export default config;

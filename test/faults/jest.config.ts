import type { Config } from 'jest';
import base from '../../jest.config.ts';

/**
 * The fault suite (`npm run test:faults`): real servers of its own (a PostgreSQL cluster, a
 * redis-server, a Kafka mock cluster) that it stops and restarts under a write load, and WMS
 * processes run from `dist/` that it SIGKILLs. Files end in `.fault.spec.ts`, which the main
 * config never matches. One file at a time: each stages faults on servers the next one reuses.
 */
const [unit] = base.projects ?? [];
if (!unit || typeof unit === 'string') throw new TypeError('jest.config.ts lost its unit project');
// The main config's shared part: SWC transform, the @ddd-kit/* mapper, ESM.
const { transform, moduleNameMapper, extensionsToTreatAsEsm, testEnvironment } = unit as Pick<
  Config,
  'transform' | 'moduleNameMapper' | 'extensionsToTreatAsEsm' | 'testEnvironment'
>;

const config: Config = {
  rootDir: '../..',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.fault.spec.ts'],
  ...{ transform, moduleNameMapper, extensionsToTreatAsEsm, testEnvironment },
  setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
  maxWorkers: 1,
  // A scenario is a minute of load and recovery; the hooks start and stop servers.
  testTimeout: 180_000,
  // The spec prints its own summary table; Jest's console decoration would bury it.
  verbose: true,
};

export default config;

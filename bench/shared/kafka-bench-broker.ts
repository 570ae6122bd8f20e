import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafkaTestBroker, type KafkaTestBroker, type KafkaTestBrokerOptions } from '@ddd-kit/testing';

// Where the compiled `@ddd-kit/testing` looks for the mock cluster's C launcher: next to its own
// `src` folder, as in the repository. The build compiles TypeScript only, so under `dist/` the
// file is missing; this module sits at `dist/bench/shared/`, two levels below the build root.
const BUILT_LAUNCHER_SOURCE = fileURLToPath(
  new URL('../../libs/testing/native/kafka-mock-broker.c', import.meta.url),
);
// npm runs scripts from the repository root.
const LAUNCHER_SOURCE = join(process.cwd(), 'libs', 'testing', 'native', 'kafka-mock-broker.c');

/**
 * `startKafkaTestBroker` for a benchmark running from the build output: copies the mock
 * cluster's launcher source where the compiled testing library expects it, then starts the
 * broker (compiling the launcher into the build's cache on first use).
 */
export async function startBenchKafkaBroker(options: KafkaTestBrokerOptions = {}): Promise<KafkaTestBroker> {
  if (BUILT_LAUNCHER_SOURCE !== LAUNCHER_SOURCE) {
    await mkdir(join(BUILT_LAUNCHER_SOURCE, '..'), { recursive: true });
    await copyFile(LAUNCHER_SOURCE, BUILT_LAUNCHER_SOURCE);
  }
  return startKafkaTestBroker(options);
}

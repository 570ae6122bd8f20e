import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KafkaTestBrokerError } from './kafka-test-broker.error.js';

/** Options of {@link buildKafkaMockBroker}. */
export interface BuildKafkaMockBrokerOptions {
  /**
   * Where compiled launchers are kept, one folder per hash of source, compiler and flags.
   * @default '<repository>/.cache/kafka-mock-broker'
   */
  readonly cacheDir?: string;
  /** The C compiler. @default process.env.CC ?? 'cc' */
  readonly compiler?: string;
}

const SOURCE_PATH = fileURLToPath(new URL('../../native/kafka-mock-broker.c', import.meta.url));
const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../../../.cache/kafka-mock-broker', import.meta.url));
const BINARY_NAME = 'kafka-mock-broker';
// Where distributions put librdkafka's headers; the header found first joins the cache key, so
// upgrading librdkafka-dev (whose mock API is not ABI-stable) rebuilds the launcher.
const HEADER_DIRS = ['/usr/include', '/usr/local/include', '/opt/homebrew/include'];

const INSTALL_LIBRDKAFKA =
  "The Kafka test broker is librdkafka's mock cluster and needs librdkafka-dev (for rdkafka_mock.h). " +
  'Install it: `apt-get update && apt-get install -y --no-install-recommends librdkafka-dev` ' +
  '(macOS: `brew install librdkafka`, then export CFLAGS="-I$(brew --prefix)/include" ' +
  'LDFLAGS="-L$(brew --prefix)/lib"). Or set KAFKA_BROKERS to a running Kafka.';

/**
 * Compiles the mock broker launcher (`libs/testing/native/kafka-mock-broker.c`, linked with
 * `-lrdkafka`) unless a build of the same source, compiler, flags and librdkafka headers is
 * cached, and returns the executable's path. Safe to call from parallel Jest workers: each
 * compiles to a temporary file and renames it into place.
 *
 * Honours `CC`, `CFLAGS` and `LDFLAGS`. Throws a {@link KafkaTestBrokerError} that says how to
 * install `librdkafka-dev` or a compiler when either is missing.
 */
export async function buildKafkaMockBroker(options: BuildKafkaMockBrokerOptions = {}): Promise<string> {
  const compiler = options.compiler ?? process.env['CC'] ?? 'cc';
  const cflags = splitFlags(process.env['CFLAGS']);
  const ldflags = splitFlags(process.env['LDFLAGS']);
  const source = await readFile(SOURCE_PATH, 'utf8').catch((cause: unknown) => {
    throw new KafkaTestBrokerError('COMPILE_FAILED', `Cannot read ${SOURCE_PATH}`, { cause });
  });
  const header = await findMockHeader(cflags);

  const hash = createHash('sha256')
    .update(JSON.stringify([source, compiler, cflags, ldflags, header]))
    .digest('hex')
    .slice(0, 16);
  const binary = join(options.cacheDir ?? DEFAULT_CACHE_DIR, hash, BINARY_NAME);
  if (await isExecutable(binary)) return binary;

  await mkdir(join(binary, '..'), { recursive: true });
  const partial = `${binary}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const args = ['-O2', '-std=c11', '-pthread', '-Wall', ...cflags, '-o', partial, SOURCE_PATH];
  try {
    await promisify(execFile)(compiler, [...args, ...ldflags, '-lrdkafka']);
    await rename(partial, binary);
  } catch (cause) {
    await rm(partial, { force: true });
    throw compileError(compiler, cause);
  }
  return binary;
}

function compileError(compiler: string, cause: unknown): KafkaTestBrokerError {
  const { code, stderr } = cause as { code?: unknown; stderr?: unknown };
  if (code === 'ENOENT') {
    return new KafkaTestBrokerError(
      'C_COMPILER_MISSING',
      `No C compiler \`${compiler}\` to build the Kafka test broker. Install one ` +
        '(`apt-get install -y --no-install-recommends gcc libc6-dev`) or set CC. ' +
        'Or set KAFKA_BROKERS to a running Kafka.',
      { cause },
    );
  }
  const output = typeof stderr === 'string' ? stderr.trim() : String(cause);
  if (/rdkafka(_mock)?\.h|-lrdkafka/.test(output)) {
    return new KafkaTestBrokerError('LIBRDKAFKA_MISSING', `${INSTALL_LIBRDKAFKA}\n\n${output}`, { cause });
  }
  return new KafkaTestBrokerError('COMPILE_FAILED', `Building the Kafka test broker failed:\n${output}`, {
    cause,
  });
}

async function findMockHeader(cflags: readonly string[]): Promise<string | null> {
  const dirs = [...cflags.filter((f) => f.startsWith('-I')).map((f) => f.slice(2)), ...HEADER_DIRS];
  for (const dir of dirs) {
    const header = await readFile(join(dir, 'librdkafka', 'rdkafka_mock.h'), 'utf8').catch(() => null);
    if (header !== null) return header;
  }
  return null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function splitFlags(value: string | undefined): string[] {
  return value?.split(/\s+/).filter(Boolean) ?? [];
}

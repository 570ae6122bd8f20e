import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a benchmark's results to `bench/results/<name>.json` under the working directory (npm
 * runs scripts from the repository root). It goes through a `.tmp` file and a rename, so an
 * interrupted run never leaves half a file behind.
 * @returns the path written.
 */
export async function writeBenchResults(name: string, results: unknown): Promise<string> {
  const directory = join(process.cwd(), 'bench', 'results');
  const path = join(directory, `${name}.json`);
  await mkdir(directory, { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

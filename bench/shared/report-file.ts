import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a benchmark's Markdown report to `bench/results/<name>.md` under the working directory,
 * through a `.tmp` file and a rename like `writeBenchResults`, so the report beside the JSON
 * always describes the same run.
 * @returns the path written.
 */
export async function writeBenchReport(name: string, markdown: string): Promise<string> {
  const directory = join(process.cwd(), 'bench', 'results');
  const path = join(directory, `${name}.md`);
  await mkdir(directory, { recursive: true });
  await writeFile(`${path}.tmp`, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

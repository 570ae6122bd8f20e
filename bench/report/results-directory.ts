import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScenarioFiles } from './bench-report.js';
import { readResultsContents } from './results-file-contents.js';
import { resultsPathOf, type ResultsFileRead } from './scenario-outcome.js';

/** Reads `bench/results/<name>.json`, telling a missing file from one that cannot be parsed. */
export async function readResultsFile(repositoryRoot: string, name: string): Promise<ResultsFileRead> {
  let text: string;
  try {
    text = await readFile(join(repositoryRoot, resultsPathOf(name)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', error: (error as Error).message };
  }
  try {
    return { kind: 'read', contents: readResultsContents(JSON.parse(text)) };
  } catch (error) {
    return { kind: 'unreadable', error: (error as Error).message };
  }
}

/** Which of a scenario's files exist, for the report's links. */
export async function scenarioFiles(repositoryRoot: string, name: string): Promise<ScenarioFiles> {
  const exists = (file: string) =>
    access(join(repositoryRoot, 'bench', 'results', file)).then(
      () => true,
      () => false,
    );
  return { json: await exists(`${name}.json`), analysis: await exists(`${name}.md`) };
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The code a run measured. */
export interface GitState {
  /** `git rev-parse --short HEAD`, or `unknown` outside a git checkout. */
  readonly commit: string;
  /**
   * Whether the working tree differed from the commit. `bench/results/` is left out of the check:
   * earlier results waiting to be committed say nothing about the code measured.
   */
  readonly dirty: boolean;
}

/** Reads the commit and the state of the working tree in `cwd`. */
export async function readGitState(cwd: string): Promise<GitState> {
  try {
    const { stdout: commit } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd });
    const { stdout: changes } = await run(
      'git',
      ['status', '--porcelain', '--', '.', ':(exclude)bench/results'],
      { cwd },
    );
    return { commit: commit.trim(), dirty: changes.trim().length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

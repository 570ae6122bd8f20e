import { cp, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A private copy of `dist/`, so that another build (`rm -rf dist`) cannot pull files from under a restart. */
export interface DistSnapshot {
  /** The WMS entry point in the copy. */
  readonly wmsMain: string;
  remove(): Promise<void>;
}

/**
 * Copies `dist/` into `.cache/fault-suite/` (inside the repository, so that the copy still
 * resolves `node_modules`). `npm run test:faults` builds right before.
 */
export async function snapshotDist(): Promise<DistSnapshot> {
  const target = join(ROOT, '.cache', 'fault-suite', `dist-${process.pid}`);
  await mkdir(target, { recursive: true });
  await cp(join(ROOT, 'dist'), target, { recursive: true });
  return {
    wmsMain: join(target, 'apps', 'wms', 'src', 'main.js'),
    remove: () => rm(target, { recursive: true, force: true }),
  };
}

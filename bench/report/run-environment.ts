import { cpus } from 'node:os';
import {
  describeEnvironment,
  useDatabaseServer,
  type BenchEnvironment,
} from '../shared/bench-environment.js';

/**
 * The environment the scenarios share. When PostgreSQL does not answer (a `--report-only` run on
 * a laptop), the report is still written, saying so in place of the server version.
 */
export async function describeRunEnvironment(): Promise<BenchEnvironment> {
  try {
    return await describeEnvironment(useDatabaseServer());
  } catch (error) {
    const cpuList = cpus();
    return {
      node: process.version,
      postgres: `unknown (${(error as Error).message})`,
      cpu: cpuList[0]?.model.trim() ?? 'unknown',
      cpuCount: cpuList.length,
    };
  }
}

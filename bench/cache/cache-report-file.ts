import { formatCount } from '../shared/report-format.js';
import { renderCacheReport, type CacheBenchResults } from './cache-report.js';
import type { HitPath } from './hit-paths.js';

/**
 * `bench/results/cache.md`, written by the run it describes: how the bench works, the results
 * table, what this run's numbers say, and where the time goes.
 */
export function renderCacheReportFile(results: CacheBenchResults): string {
  return [
    '# Cache benchmark: what a hit costs',
    '',
    '`npm run bench:cache` (code in `bench/cache/`, all figures in `cache.json`). This file is ' +
      `written by the run it describes, which finished at ${results.finishedAt}.`,
    '',
    '## What is measured',
    '',
    'Every path reads the same value (the table’s header gives its size and the run’s shape) one ' +
      'operation at a time, inside a tenant’s passport as requests do, so the tenant-namespace lookup ' +
      'is part of a hit. Each operation is timed on its own, which gives the percentiles of a round; ' +
      'ops/s is the operations of a round over its wall time.',
    '',
    '- **raw**: ioredis `GET` and then `JSON.parse`. This is the least a hit can cost. It gets the',
    '  Dates back as strings.',
    '- **CacheService.get**: namespaced key, `GET`, the freshness envelope, and Dates revived.',
    '- **CacheService.getOrSet**: the same, plus the in-process single-flight map. The loader throws,',
    '  so a miss would stop the run.',
    '- **getOrSet, 2 tags**: one `MGET` of the entry and its two tag versions, then the version check.',
    '- **get, entry with 2 tags**: `get` does not know the entry’s tags. It reads the entry, then the',
    '  tag versions: two round trips.',
    '',
    'Before any timing, the bench checks that each path reads back the stored value, and that the',
    'Dates come back as Dates on the cache paths.',
    '',
    renderCacheReport(results),
    '',
    ...observations(results),
    '',
    '## Where the time goes',
    '',
    'Measured in isolation while the read path was being tuned, not by this run:',
    '',
    '- **Date revival.** The decoder walks the parsed value only when the text holds a `"$` marker, and',
    '  this value has 21 Dates. That costs about 2 µs over `JSON.parse` alone. It is the price of',
    '  Dates that round-trip exactly; raw `JSON.parse` does not pay it, because it hands back strings.',
    '- **Service overhead.** The passport lookup, namespacing, the failure guard, the freshness check',
    '  and the metrics together cost about 3 µs.',
    '- **First design of the read: a Lua script.** Reading the entry and checking its tags in one',
    '  script (EVALSHA) cost about 8 µs more than a `GET`, even without tags. The read now uses a plain',
    '  `GET`, or an `MGET` of the entry together with the tags the caller names, which is one atomic',
    '  snapshot. The write stays a script, because its check-and-set must be atomic.',
    '- **`get` on a tagged entry.** This pays a second round trip, which is why `getOrSet` and',
    '  `@Cacheable` pass their tags.',
  ].join('\n');
}

/** What this run's numbers say: how steady they were, and the overhead per hit in µs. */
function observations(results: CacheBenchResults): string[] {
  const byPath = new Map(results.paths.map((path) => [path.path, path]));
  const overhead = (path: HitPath) => {
    const result = byPath.get(path);
    return result ? `+${result.p50OverheadUs.toFixed(1)} µs` : 'n/a';
  };
  const p50Spread = Math.max(...results.paths.map((path) => spread(path.roundP50Us)));
  const raw = byPath.get('rawGet');
  const rawOps = raw ? raw.rounds.roundMs.map((ms) => (results.opsPerRound * 1000) / ms) : [];
  return [
    `- **p50 per path** moved by at most ${p50Spread.toFixed(1)} µs from round to round in this run.`,
    ...(rawOps.length > 0
      ? [
          `- **ops/s moves with the machine’s load**: raw’s rounds ranged from ` +
            `${formatCount(Math.round(Math.min(...rawOps)))} to ` +
            `${formatCount(Math.round(Math.max(...rawOps)))} ops/s, so read the ratios with that spread ` +
            'in mind, and the p99 and max columns as the machine’s hiccups as much as the code’s.',
        ]
      : []),
    `- **Read the overhead in µs per hit**: at p50 a hit costs ${overhead('cacheGet')} (\`get\`) and ` +
      `${overhead('getOrSet')} (\`getOrSet\`) over the bare minimum, ${overhead('getOrSetTagged')} with ` +
      `two tags passed, ${overhead('cacheGetTagged')} for \`get\` on a tagged entry.`,
  ];
}

function spread(values: readonly number[]): number {
  return Math.max(...values) - Math.min(...values);
}

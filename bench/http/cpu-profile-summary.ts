import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

/** Share of the busy (non-idle) CPU time. */
export interface ProfileShare {
  readonly name: string;
  /** Time in the code itself. Over all buckets this adds up to 1. */
  readonly self: number;
  /** Time with the code anywhere on the stack (callees included). */
  readonly inclusive: number;
}

/** Where one server's CPU time went during a profiled round. */
export interface ProfileSummary {
  /** Busy time the profile covers, ms (idle left out). */
  readonly busyMs: number;
  /** By origin: npm package, ddd-kit library, node internals, V8 (GC, builtins). */
  readonly buckets: readonly ProfileShare[];
  /** The functions with the most self time. */
  readonly topFunctions: readonly ProfileShare[];
  /** ddd-kit library functions with the most inclusive time. */
  readonly topLibraryFunctions: readonly ProfileShare[];
  /** The functions with the most self time within each of the largest buckets. */
  readonly topFunctionsByBucket: readonly {
    readonly bucket: string;
    readonly functions: readonly ProfileShare[];
  }[];
}

const TOP_FUNCTIONS = 15;
const TOP_LIBRARY_FUNCTIONS = 12;
const BUCKETS_DETAILED = 6;
const FUNCTIONS_PER_BUCKET = 5;

/** Reads a `.cpuprofile` and summarizes where the busy time went. */
export async function summarizeCpuProfile(path: string): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const bucketSelf = new Map<string, number>();
  const bucketInclusive = new Map<string, number>();
  const functionSelf = new Map<string, number>();
  const bucketOfFunction = new Map<string, string>();
  const libraryInclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((nodeId, index) => {
    // A sample's time is the delta to the next sample (the last one gets the previous delta).
    const ms = (profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(nodeId);
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += ms;
    add(bucketSelf, bucketOf(node), ms);
    add(functionSelf, functionLabel(node), ms);
    bucketOfFunction.set(functionLabel(node), bucketOf(node));
    // Inclusive: count each bucket and library function once per sample, however deep it recurs.
    const buckets = new Set<string>();
    const libraryFunctions = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)!;
      buckets.add(bucketOf(frame));
      if (isLibraryFrame(frame)) libraryFunctions.add(functionLabel(frame));
    }
    for (const bucket of buckets) add(bucketInclusive, bucket, ms);
    for (const label of libraryFunctions) add(libraryInclusive, label, ms);
  });

  const share = (ms: number | undefined) => (busy > 0 ? (ms ?? 0) / busy : 0);
  const buckets = [...bucketSelf.entries()]
    .map(([name, ms]) => ({ name, self: share(ms), inclusive: share(bucketInclusive.get(name)) }))
    .sort((a, b) => b.self - a.self);
  const functionsBySelf = [...functionSelf.entries()].sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busy,
    buckets,
    topFunctions: functionsBySelf
      .slice(0, TOP_FUNCTIONS)
      .map(([name, ms]) => ({ name, self: share(ms), inclusive: 0 })),
    topLibraryFunctions: [...libraryInclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_LIBRARY_FUNCTIONS)
      .map(([name, ms]) => ({ name, self: share(functionSelf.get(name)), inclusive: share(ms) })),
    topFunctionsByBucket: buckets.slice(0, BUCKETS_DETAILED).map(({ name: bucket }) => ({
      bucket,
      functions: functionsBySelf
        .filter(([name]) => bucketOfFunction.get(name) === bucket)
        .slice(0, FUNCTIONS_PER_BUCKET)
        .map(([name, ms]) => ({ name, self: share(ms), inclusive: 0 })),
    })),
  };
}

/** Where a frame's code comes from. */
function bucketOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'V8: garbage collector';
  if (functionName === '(program)' || functionName === '(root)') return 'V8: (program)';
  if (url === '') return 'V8: builtins and native';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const library = /\/libs\/([^/]+)\/src\//.exec(url);
  if (library) return `@ddd-kit/${library[1]}`;
  if (url.includes('/bench/')) return 'bench: server code';
  return 'other';
}

function isLibraryFrame(node: ProfileNode): boolean {
  return /\/libs\/[^/]+\/src\//.test(node.callFrame.url);
}

/** `name (file:line)`, the file relative to `node_modules/` or the repository's `dist/`. */
function functionLabel(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const modules = url.lastIndexOf('/node_modules/');
  const dist = url.lastIndexOf('/dist/');
  const file =
    modules >= 0
      ? url.slice(modules + '/node_modules/'.length)
      : dist >= 0
        ? url.slice(dist + '/dist/'.length)
        : url;
  return `${name} (${file}:${lineNumber + 1})`;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

/** Options of {@link compileForNode}. */
export interface CompileForNodeOptions {
  /**
   * Where builds are kept, one folder per hash of the compiled files. Must lie inside the
   * repository, so that the compiled files find its `node_modules`.
   * @default '<repository>/.cache/test-build'
   */
  readonly cacheDir?: string;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DEFAULT_CACHE_DIR = join(REPOSITORY_ROOT, '.cache', 'test-build');
// Builds nobody has asked for in this long are removed on the next build.
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;

/**
 * Compiles a TypeScript entry point and everything it imports from the repository into plain
 * ESM that Node runs as is, and returns the compiled entry's path; for code a test runs in a
 * child process (see `startTestProcess`).
 *
 * Why not Node's own TypeScript support: type stripping does not do decorators (nor their
 * metadata), which every Nest provider and MikroORM entity needs; and Jest's transform lives
 * only inside Jest. So this uses SWC with the repository's `.swcrc` (the build's settings: legacy
 * decorators, decorator metadata, `@ddd-kit/*` path aliases rewritten to relative imports),
 * following relative imports from the entry, so only what the child runs is compiled. A file is
 * compiled in milliseconds; the build lands in `<cacheDir>/<hash>/`, mirroring the repository's
 * layout, and is reused while no compiled file changes. Bare imports (`@nestjs/core`…) resolve
 * from the repository's `node_modules`. Inline source maps point stack traces at the `.ts`
 * files (run with `--enable-source-maps`). Safe for parallel Jest workers: each build is written
 * to a temporary folder and renamed into place.
 */
export async function compileForNode(
  entry: string | URL,
  options: CompileForNodeOptions = {},
): Promise<string> {
  const entryPath = typeof entry === 'string' ? resolve(entry) : fileURLToPath(entry);
  const cacheDir = resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const outputs = await compileGraph(entryPath);
  const hash = createHash('sha256')
    .update(JSON.stringify([...outputs].sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex')
    .slice(0, 16);
  const build = join(cacheDir, hash);
  const compiledEntry = join(build, outputPath(entryPath));
  if (existsSync(build)) {
    // Still in use: keep it from being pruned as stale.
    await utimes(build, new Date(), new Date()).catch(() => undefined);
    return compiledEntry;
  }

  await mkdir(cacheDir, { recursive: true });
  await pruneStaleBuilds(cacheDir);
  const partial = `${build}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Its own package.json: the build is ESM whatever surrounds it.
    await mkdir(partial, { recursive: true });
    await writeFile(join(partial, 'package.json'), '{ "type": "module" }\n');
    for (const [path, code] of outputs) {
      await mkdir(dirname(join(partial, path)), { recursive: true });
      await writeFile(join(partial, path), code);
    }
    await rename(partial, build);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another worker finished the same build first: use theirs.
    if (!existsSync(build)) throw error;
  }
  return compiledEntry;
}

// Compiles the entry and every file it reaches through relative imports (what `.swcrc`'s path
// aliases became), level by level. Returns output path (relative to the repository) → code.
async function compileGraph(entryPath: string): Promise<Map<string, string>> {
  const outputs = new Map<string, string>();
  const seen = new Set<string>([entryPath]);
  let level = [entryPath];
  while (level.length > 0) {
    const compiled = await Promise.all(
      level.map(async (source) => [source, await compileFile(source)] as const),
    );
    level = [];
    for (const [source, code] of compiled) {
      outputs.set(outputPath(source), code);
      for (const specifier of relativeImports(code)) {
        const imported = sourceOf(resolve(dirname(source), specifier), source);
        if (!seen.has(imported)) {
          seen.add(imported);
          level.push(imported);
        }
      }
    }
  }
  return outputs;
}

async function compileFile(source: string): Promise<string> {
  const { code } = await transformFile(source, {
    configFile: join(REPOSITORY_ROOT, '.swcrc'),
    swcrc: false,
    cwd: REPOSITORY_ROOT,
    root: REPOSITORY_ROOT,
    sourceMaps: 'inline',
    sourceFileName: source,
  });
  return code;
}

// SWC prints every import and re-export as `from "…"`, side-effect imports as `import "…"` and
// dynamic ones as `import("…")`, always with double quotes; only relative ones are ours.
function relativeImports(code: string): string[] {
  const specifiers: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    if (match[1] !== undefined) specifiers.push(match[1]);
  }
  return specifiers;
}

// Sources import each other as `./x.js`; the file on disk is `./x.ts` (or a real `.js`).
function sourceOf(imported: string, importer: string): string {
  const typescript = imported.replace(/\.js$/, '.ts');
  if (existsSync(typescript)) return typescript;
  if (existsSync(imported)) return imported;
  throw new Error(`compileForNode: ${importer} imports ${imported}, which does not exist`);
}

function outputPath(source: string): string {
  const path = relative(REPOSITORY_ROOT, source);
  if (path.startsWith(`..${sep}`)) {
    throw new Error(`compileForNode compiles files of the repository only, not ${source}`);
  }
  return path.replace(/\.ts$/, '.js');
}

async function pruneStaleBuilds(cacheDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cacheDir).catch(() => [])) {
    const path = join(cacheDir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_BUILD_MS) await rm(path, { recursive: true, force: true });
  }
}

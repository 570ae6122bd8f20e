import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Guards rule 1 of the house style: @ddd-kit/core imports nothing from Nest or MikroORM.
const CORE_SRC = fileURLToPath(new URL('../src/', import.meta.url));

const FORBIDDEN_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])((?:@nestjs|@mikro-orm)\/[^'"`]*)\1/g;

/** The forbidden module specifiers a source text imports, in any form. */
function forbiddenImports(source: string): string[] {
  return [...source.matchAll(FORBIDDEN_IMPORT)].map((match) => match[2] as string);
}

function typeScriptFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

describe('the forbidden-import detector', () => {
  it.each([
    ['a static import', `import { Injectable } from '@nestjs/common';`, '@nestjs/common'],
    ['a type-only import', `import type { EntityManager } from "@mikro-orm/core";`, '@mikro-orm/core'],
    ['a side-effect import', `import '@mikro-orm/postgresql';`, '@mikro-orm/postgresql'],
    ['a multi-line import', `import {\n  Module,\n  Global,\n} from '@nestjs/common';`, '@nestjs/common'],
    ['an export-from', `export { Injectable } from '@nestjs/common';`, '@nestjs/common'],
    ['an export-star', `export * from '@mikro-orm/core';`, '@mikro-orm/core'],
    ['a dynamic import', `const core = await import('@nestjs/core');`, '@nestjs/core'],
    ['a dynamic import with a template literal', 'await import(`@nestjs/cqrs`);', '@nestjs/cqrs'],
    ['a require', `const { wrap } = require('@mikro-orm/core');`, '@mikro-orm/core'],
    ['an import-equals require', `import orm = require("@mikro-orm/core");`, '@mikro-orm/core'],
  ])('finds %s', (_label, source, specifier) => {
    expect(forbiddenImports(source)).toEqual([specifier]);
  });

  it('ignores allowed packages, relative paths and look-alike names', () => {
    const source = [
      `import { v7 } from 'uuid';`,
      `import { AggregateRoot } from '@ddd-kit/core';`,
      `import { x } from './nestjs-adapter.js';`,
      `import { y } from '@nestjsx/crud';`,
      `// Framework-free: no Nest or MikroORM here.`,
    ].join('\n');

    expect(forbiddenImports(source)).toEqual([]);
  });
});

describe('@ddd-kit/core', () => {
  const files = typeScriptFilesUnder(CORE_SRC);

  it('has its sources where this check looks', () => {
    expect(files).toContain(join(CORE_SRC, 'index.ts'));
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports nothing from @nestjs/* or @mikro-orm/*', () => {
    const offenders = files
      .map((file) => ({ file, imports: forbiddenImports(readFileSync(file, 'utf8')) }))
      .filter(({ imports }) => imports.length > 0);

    expect(offenders).toEqual([]);
  });
});

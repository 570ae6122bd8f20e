import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { resolveDatabaseOptions } from '../database.options.js';
import { toMikroOrmOptions } from '../mikro-orm-options.js';

/**
 * `npm run migration:up` (and `:down`, `:pending`): runs MikroORM's migrator outside Nest.
 * Reads DATABASE_URL and MIGRATIONS_PATH (a folder of compiled migrations).
 */
async function main(command: string | undefined): Promise<void> {
  const url = process.env['DATABASE_URL'];
  const path = process.env['MIGRATIONS_PATH'];
  if (!url || !path) throw new Error('Set DATABASE_URL and MIGRATIONS_PATH');
  const {
    registerRequestContext: _request,
    autoLoadEntities: _auto,
    ...options
  } = toMikroOrmOptions(resolveDatabaseOptions({ url, migrations: { path } }));
  const orm = await MikroORM.init(options);
  try {
    switch (command) {
      case 'up':
        report(
          'applied',
          (await orm.migrator.up()).map((m) => m.name),
        );
        break;
      case 'down':
        report(
          'reverted',
          (await orm.migrator.down()).map((m) => m.name),
        );
        break;
      case 'pending':
        report(
          'pending',
          (await orm.migrator.getPending()).map((m) => m.name),
        );
        break;
      default:
        throw new Error(`Unknown command "${command ?? ''}": use up, down or pending`);
    }
  } finally {
    await orm.close();
  }
}

function report(what: string, names: string[]): void {
  console.log(names.length === 0 ? `No migrations ${what}.` : `Migrations ${what}:\n  ${names.join('\n  ')}`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

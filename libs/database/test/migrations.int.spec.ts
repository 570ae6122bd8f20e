import { DatabaseMigrator } from '@ddd-kit/database';
import { startDatabaseTestModule, type DatabaseTestModule } from '@ddd-kit/testing';
import { Migration20261120CreateWidgets } from './fixture/migrations/migration-20261120-create-widgets.js';

describe('DatabaseMigrator', () => {
  let app: DatabaseTestModule;
  let migrator: DatabaseMigrator;

  beforeAll(async () => {
    app = await startDatabaseTestModule({
      entities: [],
      schema: 'none',
      database: {
        migrations: {
          list: [{ name: 'Migration20261120CreateWidgets', class: Migration20261120CreateWidgets }],
        },
      },
    });
    migrator = app.module.get(DatabaseMigrator);
  });
  afterAll(() => app.close());

  const widgetsTableExists = async () => {
    const result: unknown = await app.orm.em.getConnection().execute("select to_regclass('widgets') as t");
    return (result as { t: string | null }[])[0]?.t !== null;
  };

  it('applies pending migrations once, records them, and reverts them', async () => {
    expect(await migrator.pending()).toEqual(['Migration20261120CreateWidgets']);
    expect(await migrator.up()).toEqual(['Migration20261120CreateWidgets']);
    expect(await widgetsTableExists()).toBe(true);
    expect(await migrator.pending()).toEqual([]);
    expect(await migrator.up()).toEqual([]);

    expect(await migrator.down()).toEqual(['Migration20261120CreateWidgets']);
    expect(await widgetsTableExists()).toBe(false);
  });
});

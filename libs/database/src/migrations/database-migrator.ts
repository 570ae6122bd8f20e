import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';

/** Runs the configured migrations with MikroORM's migrator, all or nothing. */
@Injectable()
export class DatabaseMigrator {
  constructor(private readonly orm: MikroORM) {}

  /** Applies every pending migration; returns their names. */
  async up(): Promise<string[]> {
    const applied = await this.orm.migrator.up();
    return applied.map((migration) => migration.name);
  }

  /** Reverts the last migration; returns its name. */
  async down(): Promise<string[]> {
    const reverted = await this.orm.migrator.down();
    return reverted.map((migration) => migration.name);
  }

  /** Names of migrations not yet applied. */
  async pending(): Promise<string[]> {
    const pending = await this.orm.migrator.getPending();
    return pending.map((migration) => migration.name);
  }
}

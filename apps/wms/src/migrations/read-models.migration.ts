import { Migration } from '@mikro-orm/migrations';

/** The read-models tables. */
export class Migration20261122WmsReadModels extends Migration {
  override up(): void {
    // Filled in with the read-models context.
  }
}

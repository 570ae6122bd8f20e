import { Migration } from '@mikro-orm/migrations';

/** The inventory tables. */
export class Migration20261122WmsInventory extends Migration {
  override up(): void {
    // Filled in with the inventory context.
  }
}

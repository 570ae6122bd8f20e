import { Migration } from '@mikro-orm/migrations';

/** The inbound tables. */
export class Migration20261122WmsInbound extends Migration {
  override up(): void {
    // Filled in with the inbound context.
  }
}

import { Migration } from '@mikro-orm/migrations';

/** The outbound tables. */
export class Migration20261122WmsOutbound extends Migration {
  override up(): void {
    // Filled in with the outbound context.
  }
}

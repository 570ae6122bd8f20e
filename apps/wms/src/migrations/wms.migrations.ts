import type { MigrationObject } from '@mikro-orm/core';
import { OUTBOX_MIGRATIONS } from '@ddd-kit/outbox';
import { PROJECTOR_MIGRATIONS } from '@ddd-kit/projector';
import { Migration20261122WmsCatalog } from './catalog.migration.js';
import { Migration20261122WmsInbound } from './inbound.migration.js';
import { Migration20261122WmsInventory } from './inventory.migration.js';
import { Migration20261122WmsOutbound } from './outbound.migration.js';
import { Migration20261122WmsReadModels } from './read-models.migration.js';

/** Every migration of the app, the libraries' first; run on startup. */
export const WMS_MIGRATIONS: readonly MigrationObject[] = [
  ...OUTBOX_MIGRATIONS,
  ...PROJECTOR_MIGRATIONS,
  { name: 'Migration20261122WmsCatalog', class: Migration20261122WmsCatalog },
  { name: 'Migration20261122WmsInbound', class: Migration20261122WmsInbound },
  { name: 'Migration20261122WmsInventory', class: Migration20261122WmsInventory },
  { name: 'Migration20261122WmsOutbound', class: Migration20261122WmsOutbound },
  { name: 'Migration20261122WmsReadModels', class: Migration20261122WmsReadModels },
];

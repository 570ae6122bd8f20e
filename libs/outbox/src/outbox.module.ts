import { Module } from '@nestjs/common';
import { DatabaseModule } from '@ddd-kit/database';
import { OutboxMessage } from './message/outbox-message.entity.js';
import { OutboxSink } from './message/outbox.sink.js';
import { ConfigurableOutboxModule } from './outbox.module-definition.js';

/**
 * The transactional outbox: every domain event becomes an outbox row in the transaction that
 * raised it. Import once, next to `DatabaseModule`.
 */
@Module({
  imports: [DatabaseModule.forFeature([OutboxMessage])],
  providers: [OutboxSink],
})
export class OutboxModule extends ConfigurableOutboxModule {}

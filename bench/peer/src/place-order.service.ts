import { Injectable } from '@nestjs/common';
import { TransactionalEventEmitter, TransactionalEventEmitterOperations } from '@fullstackhouse/nestjs-outbox';
import { PeerOrder, PeerOrderPlaced } from './peer-order';

/**
 * The command, the way the library's README emits: the new entity handed to `emit`, which
 * persists it with the outbox row in one flush (one transaction) of a fresh fork.
 */
@Injectable()
export class PlaceOrderService {
  constructor(private readonly emitter: TransactionalEventEmitter) {}

  async place(round: number, index: number): Promise<void> {
    const order = new PeerOrder(`customer-${index % 97}`, 100 + (index % 13));
    await this.emitter.emit(new PeerOrderPlaced(order.id, order.customer, order.amount, round, index), [
      { entity: order, operation: TransactionalEventEmitterOperations.persist },
    ]);
  }
}

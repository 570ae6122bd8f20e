import { Injectable } from '@nestjs/common';
import { OnEvent } from '@fullstackhouse/nestjs-outbox';
import { DeliveryLog } from '../../peer-comparison/contender/delivery-log.js';
import { PeerOrderPlaced, type PeerOrderPlacedPayload } from './peer-order';

/** The one listener of the benchmark: notes the delivery, nothing else. */
@Injectable()
export class PeerOrderListener {
  constructor(private readonly deliveries: DeliveryLog) {}

  @OnEvent(PeerOrderPlaced.eventName)
  async onOrderPlaced(event: PeerOrderPlacedPayload): Promise<void> {
    this.deliveries.record(event.round, event.index);
  }
}

import { DomainError } from '@ddd-kit/core';

/** The order's status does not allow the action (e.g. shipping an order that was not picked). */
export class OrderStatusInvalidError extends DomainError {
  constructor(id: string, status: string, action: string) {
    super('ORDER_STATUS_INVALID', { id, status, action });
  }
}

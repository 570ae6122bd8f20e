/**
 * The app's BullMQ queues. A job type names the queue its jobs run on: long imports do not hold up
 * quick reports, and each queue has its own workers and concurrency.
 */
export const WMS_QUEUES = {
  /** Bulk writes such as file imports: heavy, few at a time. */
  imports: 'imports',
  /** Read-only reports and suggestions: light and quick. */
  reports: 'reports',
} as const;

/** The name of one of the app's queues. */
export type WmsQueueName = (typeof WMS_QUEUES)[keyof typeof WMS_QUEUES];

import { UnrecoverableError } from 'bullmq';
import { DddError, type ErrorKind, type ErrorParams } from '@ddd-kit/core';

/** Why a job attempt failed: a stable code with its params, localized when the job is read. */
export interface JobFailure {
  readonly code: string;
  readonly params: ErrorParams;
}

// Errors a later attempt can get past: a concurrent write, a lock, a dependency that was away.
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set([
  'conflict',
  'concurrency-conflict',
  'infrastructure-unavailable',
]);

/**
 * The error a worker hands to BullMQ for a failed attempt. BullMQ keeps its message as the job's
 * `failedReason`, so the message is the failure as JSON: clients see a code and a localized
 * message, never a stack trace or SQL. Errors a retry cannot fix (bad input, a broken business
 * rule) end the job at once; anything else, unexpected errors included, is retried.
 */
export function jobFailureError(error: unknown): Error {
  if (error instanceof DddError) {
    const message = JSON.stringify({ code: error.code, params: error.params } satisfies JobFailure);
    return RETRYABLE_KINDS.has(error.kind) ? new Error(message) : new UnrecoverableError(message);
  }
  return new Error(JSON.stringify({ code: 'INTERNAL', params: {} } satisfies JobFailure));
}

/** The failure stored as a job's `failedReason`; BullMQ's own reasons (a stalled job) read as `INTERNAL`. */
export function parseJobFailure(failedReason: string | undefined): JobFailure | null {
  if (!failedReason) return null;
  try {
    const parsed = JSON.parse(failedReason) as Partial<JobFailure> | null;
    if (typeof parsed?.code === 'string') return { code: parsed.code, params: parsed.params ?? {} };
  } catch {
    // Not ours.
  }
  return { code: 'INTERNAL', params: {} };
}

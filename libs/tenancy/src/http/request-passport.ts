import { v7 as uuidv7 } from 'uuid';
import type { Passport } from '@ddd-kit/core';
import { headerValue, type IncomingRequest } from './passport-resolver.js';

// Correlation ids come from callers: accept only what is safe in logs and headers.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// W3C trace context, version 00.
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
// A BCP 47 tag such as `zh-CN`; quality values and the rest of the list are ignored.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The request-wide passport fields that come from standard headers: correlation id (the
 * caller's, or a new UUIDv7), traceparent and preferred locale. Malformed values are dropped.
 */
export function passportFromHeaders(request: IncomingRequest, correlationHeader: string): Passport {
  const correlation = headerValue(request, correlationHeader);
  const traceparent = headerValue(request, 'traceparent');
  const locale = headerValue(request, 'accept-language')?.split(',')[0]?.split(';')[0]?.trim();
  return {
    correlationId: correlation && CORRELATION_ID.test(correlation) ? correlation : uuidv7(),
    ...(traceparent && TRACEPARENT.test(traceparent) && { traceparent }),
    ...(locale && LANGUAGE_TAG.test(locale) && { locale }),
  };
}

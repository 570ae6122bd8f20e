import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { I18nService } from 'nestjs-i18n';
import { pickLanguage } from '../i18n/accept-language.js';
import type { ErrorBody } from './error-body.js';

// The router's own refusals, by Fastify error code: a malformed URL and an over-long parameter.
const CODE_OF_FRAMEWORK_ERROR: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's router refuses some requests before any Nest code runs (a malformed percent-encoding
 * in the path: 400; a route parameter over `maxParamLength`: 414), so the app's error filter
 * never sees them and Fastify would answer in its own shape. This answers them in the app's
 * error shape, localized from `accept-language`. Pass `handle` as the adapter's
 * `frameworkErrors`, and `attach` the app's I18nService once the app exists.
 */
export class FrameworkErrorReplies {
  private i18n: I18nService | undefined;

  attach(i18n: I18nService): void {
    this.i18n = i18n;
  }

  readonly handle = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
    const code = CODE_OF_FRAMEWORK_ERROR[error.code] ?? 'MALFORMED_REQUEST';
    const sent = request.headers['x-correlation-id'];
    const correlationId = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : randomUUID();
    const body: ErrorBody = {
      code,
      message: this.message(code, request.headers['accept-language']),
      correlationId,
      timestamp: new Date().toISOString(),
    };
    void reply.status(status).header('x-correlation-id', correlationId).send(body);
  };

  private message(code: string, acceptLanguage: string | undefined): string {
    if (!this.i18n) return code;
    const lang = pickLanguage(acceptLanguage, this.i18n.getSupportedLanguages()) ?? 'en';
    return String(this.i18n.translate(`errors.${code}`, { lang }));
  }
}

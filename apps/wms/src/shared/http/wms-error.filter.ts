import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { I18nContext, I18nService } from 'nestjs-i18n';
import { DddError } from '@ddd-kit/core';
import { PassportContext, translateDatabaseError } from '@ddd-kit/database';
import type { ErrorBody } from './error-body.js';
import { STATUS_OF_KIND } from './error-status.js';
import { RequestValidationError, type FieldViolation } from './request-validation.error.js';

// Errors Nest or Fastify raise before our code runs, by status.
const HTTP_CODES: Readonly<Record<number, string>> = {
  400: 'MALFORMED_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'MALFORMED_REQUEST',
};

/**
 * The one place errors become HTTP. The taxonomy's kind picks the status; the body is
 * `{code, message, details?, correlationId, timestamp}` with `message` localized from
 * `accept-language`. Anything unexpected is logged with its stack and answered 500 `INTERNAL`:
 * no stack trace or SQL ever reaches a client.
 */
@Catch()
export class WmsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WmsErrorFilter.name);

  constructor(
    private readonly i18n: I18nService,
    private readonly passport: PassportContext,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const lang = I18nContext.current(host)?.lang ?? 'en';
    const { status, code, params } = this.classify(error);
    const details =
      error instanceof RequestValidationError ? this.localize(error.violations, lang) : undefined;
    if (code === 'INTERNAL') {
      this.logger.error({
        msg: 'Unhandled error',
        error: error instanceof Error ? error.stack : String(error),
      });
    }
    const body: ErrorBody = {
      code,
      message: this.t(`errors.${code}`, lang, params) ?? this.t('errors.INTERNAL', lang, {})!,
      ...(details !== undefined && { details }),
      correlationId: this.correlationIdOf(request, reply),
      timestamp: new Date().toISOString(),
    };
    void reply.status(status).send(body);
  }

  // The passport's scope has ended by the time an error reaches the filter; the tenancy
  // interceptor echoed the id on the reply. Errors raised before it ran get a fresh one.
  private correlationIdOf(request: FastifyRequest, reply: FastifyReply): string {
    const known =
      this.passport.current().correlationId ??
      reply.getHeader('x-correlation-id') ??
      request.headers['x-correlation-id'];
    const id = typeof known === 'string' && known.length > 0 && known.length <= 128 ? known : randomUUID();
    void reply.header('x-correlation-id', id);
    return id;
  }

  private classify(error: unknown): { status: number; code: string; params: object } {
    if (error instanceof DddError) {
      return { status: STATUS_OF_KIND[error.kind], code: error.code, params: error.params };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return {
        status,
        code: HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'MALFORMED_REQUEST'),
        params: {},
      };
    }
    // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { status: statusCode, code: HTTP_CODES[statusCode] ?? 'MALFORMED_REQUEST', params: {} };
    }
    // Reads outside a unit of work (the read models query the connection directly) bring the
    // driver's own errors here: a database outage is still 503 DATABASE_UNAVAILABLE, not a 500.
    const translated = translateDatabaseError(error);
    if (translated instanceof DddError) return this.classify(translated);
    return { status: 500, code: 'INTERNAL', params: {} };
  }

  private t(key: string, lang: string, params: object): string | undefined {
    const text = this.i18n.translate(key, { lang, args: params });
    return typeof text === 'string' && text !== key ? text : undefined;
  }

  // One localized message per rejected field and rule.
  private localize(
    violations: readonly FieldViolation[],
    lang: string,
  ): (FieldViolation & { message: string })[] {
    return violations.map((violation) => ({
      ...violation,
      message:
        this.t(`validation.${violation.rule}`, lang, violation) ??
        this.t('validation.default', lang, violation) ??
        violation.rule,
    }));
  }
}

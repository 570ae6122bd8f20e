import { ClsServiceManager } from 'nestjs-cls';
import { PassportContext } from '@ddd-kit/database';

/**
 * The passport fields every log line should carry: tenant, correlation, causation and actor.
 * Plug it into pino as a mixin, e.g. nestjs-pino's
 * `LoggerModule.forRoot({ pinoHttp: { mixin: passportLogFields } })`.
 */
export function passportLogFields(): Record<string, string> {
  const { tenantId, correlationId, causationId, actorId } = new PassportContext(
    ClsServiceManager.getClsService(),
  ).current();
  return {
    ...(tenantId && { tenantId }),
    ...(correlationId && { correlationId }),
    ...(causationId && { causationId }),
    ...(actorId && { actorId }),
  };
}

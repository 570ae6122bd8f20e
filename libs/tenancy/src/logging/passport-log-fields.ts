import { ClsServiceManager } from 'nestjs-cls';
import { PassportContext } from '@ddd-kit/database';

let passport: PassportContext | undefined;

/**
 * The passport fields every log line should carry: tenant, correlation, causation and actor.
 * Plug it into pino as a mixin, e.g. nestjs-pino's
 * `LoggerModule.forRoot({ pinoHttp: { mixin: passportLogFields } })`.
 */
export function passportLogFields(): Record<string, string> {
  // Created on first use, not per log line: the process-wide nestjs-cls exists by then.
  passport ??= new PassportContext(ClsServiceManager.getClsService());
  const { tenantId, correlationId, causationId, actorId } = passport.current();
  return {
    ...(tenantId && { tenantId }),
    ...(correlationId && { correlationId }),
    ...(causationId && { causationId }),
    ...(actorId && { actorId }),
  };
}

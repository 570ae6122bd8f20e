import { Writable } from 'node:stream';
import { ClsServiceManager } from 'nestjs-cls';
import { pino } from 'pino';
import { PassportContext } from '@ddd-kit/database';
import { passportLogFields } from '@ddd-kit/tenancy';

describe('passportLogFields', () => {
  it('puts tenant and correlation ids on every pino line written inside a passport', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ mixin: passportLogFields }, sink);
    const passport = new PassportContext(ClsServiceManager.getClsService());

    await passport.run({ tenantId: 'acme', correlationId: 'c-1', actorId: 'u-1' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');

    expect(
      lines.map(({ msg, tenantId, correlationId, actorId }) => ({ msg, tenantId, correlationId, actorId })),
    ).toEqual([
      { msg: 'inside', tenantId: 'acme', correlationId: 'c-1', actorId: 'u-1' },
      { msg: 'outside', tenantId: undefined, correlationId: undefined, actorId: undefined },
    ]);
  });
});

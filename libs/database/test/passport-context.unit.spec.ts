import { ClsServiceManager } from 'nestjs-cls';
import { PassportContext } from '@ddd-kit/database';

describe('PassportContext', () => {
  const passport = new PassportContext(ClsServiceManager.getClsService());

  it('is empty outside any run', () => {
    expect(passport.current()).toEqual({});
  });

  // Regression: the passport sat under a dotted nestjs-cls key, which nestjs-cls treats as a
  // path into a nested object that nested runs share, so an inner run overwrote the outer one.
  it('restores the outer passport when a nested run ends, across awaits', async () => {
    await passport.run({ tenantId: 'outer', correlationId: 'c-1' }, async () => {
      await passport.run({ tenantId: 'inner' }, async () => {
        await Promise.resolve();
        expect(passport.current()).toEqual({ tenantId: 'inner', correlationId: 'c-1' });
      });
      await Promise.resolve();
      expect(passport.current()).toEqual({ tenantId: 'outer', correlationId: 'c-1' });
    });
    expect(passport.current()).toEqual({});
  });

  it('keeps concurrent runs apart', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((tenantId) =>
        passport.run({ tenantId }, async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
          return passport.current().tenantId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});

import { startCacheTestApp, type CacheTestApp } from './fixture/cache-test-app.js';

describe.each([
  ['with PassportContext bound in DI (DatabaseModule)', true],
  ['without it (no database, no tenancy module)', false],
])('Cache keys are namespaced by tenant, %s', (_, passportInDi) => {
  let app: CacheTestApp;

  beforeEach(async () => {
    app = await startCacheTestApp({ store: { type: 'memory' } }, { passportInDi });
  });
  afterEach(() => app.close());

  const as = <T>(tenantId: string | undefined, fn: () => Promise<T>) => app.passport.run({ tenantId }, fn);

  it('never shares one key between tenants, nor with work outside any tenant', async () => {
    await as('acme', () => app.cache.set('stock:A', 'acme stock'));
    await as('globex', () => app.cache.set('stock:A', 'globex stock'));

    expect(await as('acme', () => app.cache.get('stock:A'))).toBe('acme stock');
    expect(await as('globex', () => app.cache.get('stock:A'))).toBe('globex stock');
    expect(await as('initech', () => app.cache.get('stock:A'))).toBeUndefined();
    expect(await app.cache.get('stock:A')).toBeUndefined();
    await app.cache.set('stock:A', 'no tenant');
    expect(await as('acme', () => app.cache.get('stock:A'))).toBe('acme stock');
    expect(await app.cache.get('stock:A')).toBe('no tenant');
  });

  it('gives each tenant its own getOrSet load and its own tags', async () => {
    const loads: string[] = [];
    const load = (tenantId: string) =>
      as(tenantId, () =>
        app.cache.getOrSet(
          'levels',
          () => {
            loads.push(tenantId);
            return `${tenantId} levels`;
          },
          { tags: ['stock'] },
        ),
      );
    expect(await Promise.all([load('acme'), load('globex'), load('acme')])).toEqual([
      'acme levels',
      'globex levels',
      'acme levels',
    ]);
    expect(loads.sort()).toEqual(['acme', 'globex']);

    await as('acme', () => app.cache.invalidateTags(['stock']));

    expect(await as('acme', () => app.cache.get('levels'))).toBeUndefined();
    expect(await as('globex', () => app.cache.get('levels'))).toBe('globex levels');
  });

  it('cannot be confused by separators inside tenant ids or keys', async () => {
    await as('a:b', () => app.cache.set('c', 'tenant a:b, key c'));
    await as('a', () => app.cache.set('b:c', 'tenant a, key b:c'));
    await as('a', () => app.cache.set('key:x', 'tenant a, key key:x'));

    expect(await as('a:b', () => app.cache.get('c'))).toBe('tenant a:b, key c');
    expect(await as('a', () => app.cache.get('b:c'))).toBe('tenant a, key b:c');
    expect(await as('a', () => app.cache.get('x'))).toBeUndefined();
    expect(await as('a:b', () => app.cache.get('b:c'))).toBeUndefined();
  });
});

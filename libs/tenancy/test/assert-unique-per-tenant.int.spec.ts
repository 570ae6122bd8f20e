import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenancyModule, TenantId } from '@ddd-kit/tenancy';
import { startDatabaseTestModule } from '@ddd-kit/testing';

@Entity({ tableName: 'skus' })
class GloballyUniqueSku {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @TenantId()
  tenantId!: string;

  @Property({ type: 'string' })
  @Unique()
  code!: string;
}

@Entity({ tableName: 'skus' })
@Unique({ properties: ['code', 'name'] })
class CompositeWithoutTenant {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @TenantId()
  tenantId!: string;

  @Property({ type: 'string' })
  code!: string;

  @Property({ type: 'string' })
  name!: string;
}

describe('Unique constraints of tenant-scoped entities', () => {
  it.each([
    ['a unique property', GloballyUniqueSku, 'GloballyUniqueSku.code'],
    ['a composite unique without the tenant', CompositeWithoutTenant, 'CompositeWithoutTenant(code, name)'],
  ])('refuse to start with %s', async (_case, entity, offender) => {
    await expect(
      startDatabaseTestModule({ entities: [entity], imports: [TenancyModule.forRoot({})], schema: 'none' }),
    ).rejects.toThrow(`Unique constraints of tenant-scoped entities must include the tenant: ${offender}`);
  });
});

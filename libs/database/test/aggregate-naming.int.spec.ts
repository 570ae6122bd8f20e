import { Entity, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { VersionedAggregateRoot } from '@ddd-kit/database';
import { startDatabaseTestModule } from '@ddd-kit/testing';

// Mapped as an entity but never given a stable aggregate type.
@Entity({ tableName: 'nameless' })
class Nameless extends VersionedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = '00000000-0000-7000-8000-000000000000';
}

describe('aggregate naming', () => {
  it('refuses to start when a mapped aggregate has no @Aggregate type', async () => {
    await expect(startDatabaseTestModule({ entities: [Nameless] })).rejects.toThrow(
      "Aggregates without @Aggregate('<type>'): Nameless",
    );
  });
});

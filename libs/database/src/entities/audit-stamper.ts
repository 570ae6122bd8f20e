import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ChangeSetType, MikroORM, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { PassportContext } from '../context/passport-context.js';
import { AuditedAggregateRoot } from './audited-aggregate-root.js';

type ActorFields = { -readonly [K in 'createdBy' | 'updatedBy']: AuditedAggregateRoot[K] };

/**
 * Fills `createdBy`/`updatedBy` of audited aggregates at flush, once the change sets are known
 * (only then is an update told apart from an untouched entity), from the actor of the current
 * passport. The timestamps are MikroORM's `onCreate`/`onUpdate`.
 */
@Injectable()
export class AuditStamper implements EventSubscriber, OnApplicationBootstrap {
  constructor(
    private readonly orm: MikroORM,
    private readonly passport: PassportContext,
  ) {}

  onApplicationBootstrap(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  onFlush({ uow }: FlushEventArgs): void {
    const actor = this.passport.current().actorId ?? null;
    for (const changeSet of uow.getChangeSets()) {
      const entity = changeSet.entity as unknown;
      if (!(entity instanceof AuditedAggregateRoot)) continue;
      const fields = entity as unknown as ActorFields;
      const payload = changeSet.payload as Partial<ActorFields>;
      // Patch the computed change set directly: recomputing it per entity doubled the cost of
      // a bulk insert (bench:uow). The entity gets the same values, so its snapshot matches.
      if (changeSet.type === ChangeSetType.CREATE) fields.createdBy = payload.createdBy = actor;
      else if (changeSet.type !== ChangeSetType.UPDATE) continue;
      fields.updatedBy = payload.updatedBy = actor;
    }
  }
}

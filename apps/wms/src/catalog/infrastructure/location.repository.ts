import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '@ddd-kit/database';
import { Location } from '../domain/location.aggregate.js';

/** Locations of the current tenant (the tenant filter applies). */
@Injectable()
export class LocationRepository extends AggregateRepository<Location> {
  protected readonly entity = Location;
  protected override readonly sortable = ['code', 'type', 'createdAt'];
}

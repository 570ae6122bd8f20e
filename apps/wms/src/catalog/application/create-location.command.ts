import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { LocationCode } from '../../shared/domain/code.js';
import { Quantity } from '../../shared/domain/quantity.js';
import { Location, type LocationType } from '../domain/location.aggregate.js';
import { LocationRepository } from '../infrastructure/location.repository.js';

export class CreateLocation {
  constructor(
    readonly code: string,
    readonly type: LocationType,
    readonly capacity: number | undefined,
  ) {}
}

@CommandHandler(CreateLocation)
export class CreateLocationHandler implements ICommandHandler<CreateLocation, { id: string }> {
  constructor(private readonly locations: LocationRepository) {}

  @Transactional()
  async execute(command: CreateLocation): Promise<{ id: string }> {
    const capacity = command.capacity === undefined ? null : Quantity.positive(command.capacity);
    const location = Location.create(LocationCode.of(command.code), command.type, capacity);
    this.locations.add(location);
    return Promise.resolve({ id: location.id });
  }
}

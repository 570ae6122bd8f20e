import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { projectorOptionsOf } from '../decorators/projector.decorator.js';
import { projectionHandlersOf } from '../decorators/projection-handler.decorator.js';
import { ProjectorNotFoundError } from '../errors/projector.errors.js';
import { ProjectorDefinition } from './projector-definition.js';

/** Every `@Projector` provider of the app, found at bootstrap through Nest's DiscoveryService. */
@Injectable()
export class ProjectorCatalog implements OnModuleInit {
  private readonly byName = new Map<string, ProjectorDefinition>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const options = wrapper.metatype ? projectorOptionsOf(wrapper.metatype) : undefined;
      if (!options || !wrapper.instance) continue;
      if (this.byName.has(options.name))
        throw new TypeError(`Two projectors are named "${options.name}"; names must be unique`);
      this.byName.set(
        options.name,
        new ProjectorDefinition(options, wrapper.instance as object, projectionHandlersOf(wrapper.metatype!)),
      );
    }
  }

  all(): ProjectorDefinition[] {
    return [...this.byName.values()];
  }

  /** @throws ProjectorNotFoundError */
  get(name: string): ProjectorDefinition {
    const definition = this.byName.get(name);
    if (!definition) throw new ProjectorNotFoundError(name, [...this.byName.keys()]);
    return definition;
  }
}

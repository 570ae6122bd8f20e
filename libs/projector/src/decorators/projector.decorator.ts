import { Injectable } from '@nestjs/common';

/** How a projector is named and where its data lives. */
export interface ProjectorOptions {
  /**
   * Stable name: checkpoints, parked events and metrics are keyed by it, and Kafka's consumer
   * group is derived from it. Renaming a projector starts it from scratch.
   */
  readonly name: string;
  /**
   * The read-model tables the projector owns. A rebuild fills fresh copies of them and swaps
   * them in at the end; without tables the projector cannot be rebuilt.
   * @default []
   */
  readonly tables?: readonly string[];
  /**
   * Kafka topics to consume. Default: the topics the handled events declare with
   * `@EventType({ topic })`, else the `ProjectorModule` `topics` option.
   */
  readonly topics?: readonly string[];
}

const PROJECTOR_KEY = Symbol('ddd-kit:projector');

/**
 * Marks a class as a projector: a provider whose `@ProjectionHandler` methods turn events into a
 * read model. Injectable like any provider; register it in a module's `providers`.
 */
export function Projector(options: ProjectorOptions): ClassDecorator {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(options.name))
    throw new TypeError(`Projector name "${options.name}" must be 1–63 characters of [A-Za-z0-9._-]`);
  return (target) => {
    Reflect.defineMetadata(PROJECTOR_KEY, options, target);
    Injectable()(target);
  };
}

/** The options of a `@Projector` class, if it is one. */
export function projectorOptionsOf(target: object): ProjectorOptions | undefined {
  return Reflect.getMetadata(PROJECTOR_KEY, target) as ProjectorOptions | undefined;
}

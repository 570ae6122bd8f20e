import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { ResolvedProjectorOptions } from '../projector.options.js';
import { ProjectionSource } from '../sources/projection-source.js';

/** Starts the projectors with the app (unless `enabled: false`) and lets them settle on shutdown. */
@Injectable()
export class ProjectorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectorRunner.name);
  private started = false;

  constructor(
    private readonly catalog: ProjectorCatalog,
    private readonly source: ProjectionSource,
    @Inject(RESOLVED_PROJECTOR_OPTIONS) private readonly options: ResolvedProjectorOptions,
  ) {}

  /** Whether this process runs the projectors now. */
  get running(): boolean {
    return this.started;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const projectors = this.catalog.all();
    try {
      await this.source.start(projectors);
    } catch (error) {
      // Half started (a broker away): take down what did start, and let a later start() try again.
      await this.source.stop().catch(() => undefined);
      this.started = false;
      throw error;
    }
    this.logger.log({
      msg: 'Projectors started',
      source: this.source.kind,
      projectors: projectors.map((projector) => projector.name),
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.source.stop();
    this.logger.log({ msg: 'Projectors stopped' });
  }
}

import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { WithoutTenant } from '@ddd-kit/tenancy';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';
import { KafkaHealthIndicator } from './kafka.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/**
 * `GET /health`: the database (`select 1` on the app's MikroORM connection), Redis (ping) and,
 * when the app uses it, Kafka (describe cluster). 200 when all are up, 503 when one is down; the
 * body lists each either way.
 */
@ApiTags('operations')
@WithoutTenant()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    @Inject(WMS_CONFIG) private readonly config: WmsConfig,
  ) {}

  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const timeout = this.config.healthTimeoutMs;
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(timeout),
        () => this.redis.check('redis', timeout),
        ...(this.kafka.enabled ? [() => this.kafka.check('kafka', timeout)] : []),
      ]);
    } catch (error) {
      // Terminus reports "down" as a 503 exception carrying the details; answer it here, since
      // the app's error filter would turn it into a generic error body.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}

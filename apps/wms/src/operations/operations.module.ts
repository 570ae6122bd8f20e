import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller.js';
import { KafkaHealthIndicator } from './health/kafka.health.js';
import { RedisHealthIndicator } from './health/redis.health.js';
import { HttpMetrics } from './metrics/http-metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ProcessMetrics } from './metrics/process-metrics.js';
import { ProjectorsController } from './projectors/projectors.controller.js';

/** Health, metrics and the projector status API. None of it needs a tenant. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController, MetricsController, ProjectorsController],
  providers: [RedisHealthIndicator, KafkaHealthIndicator, HttpMetrics, ProcessMetrics],
})
export class OperationsModule {}

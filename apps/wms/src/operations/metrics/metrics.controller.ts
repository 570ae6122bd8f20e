import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { register } from 'prom-client';
import { WithoutTenant } from '@ddd-kit/tenancy';

/**
 * `GET /metrics`: everything on prom-client's global registry, in the Prometheus text format:
 * HTTP and job metrics of the app, the outbox, projector and cache metrics of the ddd-kit
 * libraries, and the Node process metrics.
 */
@ApiTags('operations')
@WithoutTenant()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  @Header('cache-control', 'no-store')
  @ApiProduces(register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}

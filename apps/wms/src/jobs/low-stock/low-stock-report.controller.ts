import { Controller, Get } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@ddd-kit/core';
import { TenantContext } from '@ddd-kit/tenancy';
import { LowStockReport, type LowStockReportView } from './low-stock-report.js';

@ApiTags('reports')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1/reports')
export class LowStockReportController {
  constructor(
    private readonly report: LowStockReport,
    private readonly tenants: TenantContext,
  ) {}

  /** The tenant's last nightly low-stock report. */
  @Get('low-stock')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no report has run since the app started' })
  latest(): LowStockReportView {
    const tenantId = this.tenants.requireTenantId();
    const found = this.report.latestFor(tenantId);
    if (!found) throw NotFoundError.of('LowStockReport', tenantId);
    return found;
  }
}

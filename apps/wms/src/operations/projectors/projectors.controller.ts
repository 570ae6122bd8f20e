import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ProjectorAdmin, ProjectorStatusService, type ProjectorStatus } from '@ddd-kit/projector';
import { WithoutTenant } from '@ddd-kit/tenancy';
import { RetryParkedDto } from './projectors.dto.js';

/**
 * Projector operations: where each projector stands (position, lag, parked events, last error)
 * and retrying its parked events once the fault is fixed. They concern every tenant at once, so
 * they take no tenant; keep them behind the operators' network or gateway.
 */
@ApiTags('operations')
@WithoutTenant()
@Controller('api/v1/projectors')
export class ProjectorsController {
  constructor(
    private readonly status: ProjectorStatusService,
    private readonly admin: ProjectorAdmin,
  ) {}

  @Get()
  async list(): Promise<{ items: ProjectorStatus[] }> {
    return { items: await this.status.all() };
  }

  @Get(':name')
  @ApiNotFoundResponse({ description: 'PROJECTOR_NOT_FOUND' })
  get(@Param('name') name: string): Promise<ProjectorStatus> {
    return this.status.get(name);
  }

  /** Re-applies the parked events, lane by lane; a lane that fails again keeps waiting. */
  @Post(':name/retry')
  @HttpCode(200)
  @ApiNotFoundResponse({ description: 'PROJECTOR_NOT_FOUND' })
  async retry(
    @Param('name') name: string,
    @Body() body: RetryParkedDto,
  ): Promise<{ projector: string; applied: number; parked: number }> {
    const applied = await this.admin.retry(name, { ...body });
    const { parked } = await this.status.get(name);
    return { projector: name, applied, parked };
  }
}

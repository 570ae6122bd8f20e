import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { I18nContext, I18nService } from 'nestjs-i18n';
import { JobService, type JobTypeView } from '../application/job.service.js';
import { JobDto, SubmitJobDto, SubmittedJobDto } from './jobs.dto.js';

/** The task registry over BullMQ: job types, submission, status and progress. */
@ApiTags('jobs')
@ApiHeader({ name: 'x-tenant-id', required: true })
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobService,
    private readonly i18n: I18nService,
  ) {}

  @Get('types')
  types(): { items: JobTypeView[] } {
    return { items: this.jobs.types() };
  }

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SubmittedJobDto })
  @ApiBadRequestResponse({ description: 'JOB_TYPE_UNKNOWN, VALIDATION_FAILED, IMPORT_INVALID' })
  submit(@Body() body: SubmitJobDto): Promise<SubmittedJobDto> {
    return this.jobs.submit(body.type, body.input, body.delayMs);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobDto })
  @ApiNotFoundResponse({ description: "JOB_NOT_FOUND, also for another tenant's job" })
  async get(@Param('id') id: string): Promise<JobDto> {
    const { failure, ...job } = await this.jobs.get(id);
    return {
      ...job,
      failedCode: failure?.code ?? null,
      failedReason: failure ? this.localize(failure.code, failure.params) : null,
    };
  }

  // Localized here, at the edge, like every error message.
  private localize(code: string, params: object): string {
    const lang = I18nContext.current()?.lang ?? 'en';
    const text = this.i18n.translate(`errors.${code}`, { lang, args: params });
    if (typeof text === 'string' && text !== `errors.${code}`) return text;
    return String(this.i18n.translate('errors.INTERNAL', { lang }));
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** The longest a job may be delayed: a week. */
export const JOB_DELAY_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** `POST /api/v1/jobs`: a job of a registered type, now or after `delayMs`. */
export class SubmitJobDto {
  @ApiProperty({ example: 'replenishment-suggestion', description: 'See GET /api/v1/jobs/types.' })
  @IsString()
  @Length(1, 64)
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { threshold: 10 },
    description: "The job type's input; its fields are listed by GET /api/v1/jobs/types.",
  })
  @IsObject()
  input!: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: JOB_DELAY_MAX_MS, description: 'Run the job this much later.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(JOB_DELAY_MAX_MS)
  delayMs?: number;
}

/** The answer to a submission: the job's id to poll. */
export class SubmittedJobDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ enum: ['waiting', 'delayed'] })
  status!: string;
}

/** `GET /api/v1/jobs/:id`: where a job stands. */
export class JobDto extends SubmittedJobDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;

  @ApiPropertyOptional({ description: "The job's result once completed." })
  result!: unknown;

  @ApiPropertyOptional({ description: 'Localized reason of the last failed attempt.', nullable: true })
  failedReason!: string | null;

  @ApiPropertyOptional({ description: 'Stable code of the last failed attempt.', nullable: true })
  failedCode!: string | null;

  @ApiProperty({ example: { made: 1, max: 3 } })
  attempts!: { made: number; max: number };

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { Specification } from '@ddd-kit/core';
import { UnitOfWork } from '@ddd-kit/database';
import { RegisterSku } from '../../catalog/application/register-sku.command.js';
import type { Sku } from '../../catalog/domain/sku.aggregate.js';
import { SkuRepository } from '../../catalog/infrastructure/sku.repository.js';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';
import type { JobExecution, JobHandler } from '../registry/job-handler.js';
import { WMS_QUEUES } from '../registry/job-queues.js';
import { JobType } from '../registry/job-type.decorator.js';
import { ImportInvalidError } from './import-invalid.error.js';
import { readSkuCsv, readSkuRows, type SkuImportRow } from './sku-import-file.js';

/** The file: a JSON array of `{code, name, uom}`, or CSV text with a `code,name,uom` header. */
export class SkuImportInput {
  @ApiPropertyOptional({ example: [{ code: 'SKU-1', name: 'Widget', uom: 'EA' }] })
  @IsOptional()
  @IsArray()
  skus?: unknown[];

  @ApiPropertyOptional({ example: 'code,name,uom\nSKU-1,Widget,EA' })
  @IsOptional()
  @IsString()
  csv?: string;
}

/** The checked file, stored with the job. */
export interface SkuImportData {
  readonly rows: readonly SkuImportRow[];
}

/** What an import did. */
export interface SkuImportResult {
  readonly total: number;
  readonly imported: number;
  /** Codes that already existed, left as they were. */
  readonly skipped: number;
  /** The first of them. */
  readonly skippedCodes: readonly string[];
}

// The result quotes this many skipped codes; the count has them all.
const SKIPPED_QUOTED = 100;

/**
 * Registers the SKUs of a file for the submitting tenant. The whole file is checked when it is
 * submitted (codes, names, units, repeats) and refused as a whole with `IMPORT_INVALID`. The
 * import then runs in chunks, one unit of work each, through the `RegisterSku` command, so
 * every SKU raises its `SkuRegistered` event into the outbox like one registered over HTTP.
 * Codes that exist already are skipped and reported. A failed chunk rolls back alone; the retry
 * finds the chunks before it done and skips their codes.
 */
@JobType({
  name: 'sku-import',
  queue: WMS_QUEUES.imports,
  description:
    'Registers SKUs from a JSON array (`skus`) or CSV text with a code,name,uom header (`csv`); existing codes are skipped.',
  input: SkuImportInput,
})
export class SkuImportJob implements JobHandler<SkuImportInput, SkuImportData, SkuImportResult> {
  constructor(
    private readonly commands: CommandBus,
    private readonly skus: SkuRepository,
    private readonly unitOfWork: UnitOfWork,
    @Inject(WMS_CONFIG) private readonly config: WmsConfig,
  ) {}

  prepare(input: SkuImportInput): SkuImportData {
    if ((input.skus === undefined) === (input.csv === undefined)) {
      throw new ImportInvalidError(['give exactly one of skus (a JSON array) or csv (text)']);
    }
    const rows = input.skus
      ? readSkuRows(input.skus, this.config.skuImportMaxRows)
      : readSkuCsv(input.csv ?? '', this.config.skuImportMaxRows);
    return { rows };
  }

  async run({ rows }: SkuImportData, job: JobExecution): Promise<SkuImportResult> {
    const size = this.config.skuImportChunkSize;
    let imported = 0;
    const skippedCodes: string[] = [];
    await job.progress(0);
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      const outcome = await this.unitOfWork.run(() => this.importChunk(chunk));
      imported += outcome.imported;
      skippedCodes.push(...outcome.skipped);
      await job.progress(((start + chunk.length) / rows.length) * 100);
    }
    return {
      total: rows.length,
      imported,
      skipped: skippedCodes.length,
      skippedCodes: skippedCodes.slice(0, SKIPPED_QUOTED),
    };
  }

  // One unit of work: the nested command handlers join it, and one flush writes the chunk's
  // SKUs and their outbox rows together.
  private async importChunk(
    chunk: readonly SkuImportRow[],
  ): Promise<{ imported: number; skipped: string[] }> {
    const codes = chunk.map(([code]) => code);
    const existing = new Set((await this.skus.find(withCodeIn(codes))).map((sku) => sku.code));
    const skipped: string[] = [];
    for (const [code, name, uom] of chunk) {
      if (existing.has(code)) skipped.push(code);
      else await this.commands.execute(new RegisterSku(code, name, uom));
    }
    return { imported: chunk.length - skipped.length, skipped };
  }
}

function withCodeIn(codes: readonly string[]): Specification<Sku> {
  const wanted = new Set(codes);
  return Specification.where<Sku>({ code: { $in: [...codes] } }, (sku) => wanted.has(sku.code));
}

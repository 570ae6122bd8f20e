import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { I18nService } from 'nestjs-i18n';
import { Logger } from 'nestjs-pino';
import { DatabaseMigrator } from '@ddd-kit/database';
import { AppModule } from './app.module.js';
import { loadWmsConfig } from './shared/config/wms.config.js';
import { ensureDatabase } from './shared/database/ensure-database.js';
import { LINES_MAX } from './shared/domain/document-lines.js';
import { FrameworkErrorReplies } from './shared/http/framework-errors.js';
import { wmsValidationPipe } from './shared/http/validation.pipe.js';

/** Builds the HTTP app (used by `main` and by the e2e tests). */
export async function createWmsApp(): Promise<NestFastifyApplication> {
  const config = loadWmsConfig();
  await ensureDatabase(config.databaseUrl);
  const frameworkErrors = new FrameworkErrorReplies();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, frameworkErrors: frameworkErrors.handle }),
    { bufferLogs: true },
  );
  frameworkErrors.attach(app.get(I18nService));
  app.useLogger(app.get(Logger));
  // The longest list a route takes: a document's lines, or the SKUs of one JSON import.
  app.useGlobalPipes(wmsValidationPipe({ itemsMax: Math.max(LINES_MAX, config.skuImportMaxRows) }));
  app.enableShutdownHooks();
  // Migrations before anything listens or relays.
  await app.get(DatabaseMigrator).up();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('ddd-kit WMS').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}

async function main(): Promise<void> {
  const app = await createWmsApp();
  await app.listen({ port: loadWmsConfig().port, host: '0.0.0.0' });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DatabaseMigrator } from '@ddd-kit/database';
import { AppModule } from './app.module.js';
import { loadWmsConfig } from './shared/config/wms.config.js';
import { ensureDatabase } from './shared/database/ensure-database.js';
import { wmsValidationPipe } from './shared/http/validation.pipe.js';

/** Builds the HTTP app (used by `main` and by the e2e tests). */
export async function createWmsApp(): Promise<NestFastifyApplication> {
  const config = loadWmsConfig();
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: config.bodyLimitBytes }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(wmsValidationPipe());
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

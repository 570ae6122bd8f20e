// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { databaseUrlFromEnv, serveBenchParent } from '../server-protocol.js';
import { HttpBenchAppModule } from './http-bench-app.module.js';

/**
 * The ddd-kit server, run by the benchmark in a process of its own: Nest on Fastify, set up as
 * the WMS `main.ts` is (global ValidationPipe with whitelist, forbidNonWhitelisted and
 * transform). Logging at warn, Fastify's request logging off, as in the raw server.
 */
const app = await NestFactory.create<NestFastifyApplication>(
  HttpBenchAppModule.forDatabase(databaseUrlFromEnv()),
  new FastifyAdapter({ logger: false }),
  { logger: ['error', 'warn'] },
);
app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.getHttpServer().address();
if (address === null || typeof address === 'string') throw new Error('The server has no TCP port');
serveBenchParent({ port: address.port, close: () => app.close() });

import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { OwnedMetrics } from '@ddd-kit/database';

type Labels = 'method' | 'route' | 'status';

/**
 * HTTP request metrics by method, route pattern (`/api/v1/jobs/:id`, never the raw URL, so
 * label values stay few) and status. Recorded by a Fastify `onResponse` hook rather than a Nest
 * interceptor, so that requests refused before any handler ran (unknown routes, bad JSON, a
 * missing tenant) are counted with the status they really got.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly owned = new OwnedMetrics();
  private readonly requestsTotal: Counter<Labels>;
  private readonly durationSeconds: Histogram<Labels>;

  constructor(private readonly adapterHost: HttpAdapterHost) {
    this.requestsTotal = this.owned.add(
      new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests answered, by method, route pattern and status.',
        labelNames: ['method', 'route', 'status'],
        registers: [],
      }),
    );
    this.durationSeconds = this.owned.add(
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time from receiving an HTTP request to sending its answer.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [],
      }),
    );
  }

  onModuleInit(): void {
    // No HTTP server in a standalone application context (the rebuild CLI).
    const adapter = this.adapterHost.httpAdapter as { getInstance(): FastifyInstance } | undefined;
    if (!adapter) return;
    adapter.getInstance().addHook('onResponse', async (request, reply) => this.record(request, reply));
  }

  onModuleDestroy(): void {
    this.owned.removeAll();
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    this.requestsTotal.inc(labels);
    this.durationSeconds.observe(labels, reply.elapsedTime / 1000);
  }
}

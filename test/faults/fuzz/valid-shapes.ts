import type { FuzzContext } from './fuzz-request.js';
import type { SeededRandom } from '@ddd-kit/testing';
import type { BodySchema, FieldKind, ParamKind, WmsEndpoint } from './wms-endpoints.js';

/** A JSON object body. */
export type JsonObject = { [key: string]: unknown };

/**
 * Valid values for each part of a request: the starting point every defect mutates, so that a
 * request passes the router and the parts the defect leaves alone.
 */
export class ValidShapes {
  constructor(
    private readonly context: FuzzContext,
    private readonly random: SeededRandom,
  ) {}

  body(schema: BodySchema): JsonObject {
    const body: JsonObject = {};
    for (const [name, kind] of Object.entries(schema.required)) body[name] = this.value(kind);
    for (const [name, kind] of Object.entries(schema.optional ?? {})) {
      if (this.random.chance(0.5)) body[name] = this.value(kind);
    }
    return body;
  }

  value(kind: FieldKind): unknown {
    switch (kind.kind) {
      case 'code':
        return this.code(kind.from);
      case 'text':
        return `fuzz ${this.random.string('abcdefghij', this.random.int(1, 12))}`;
      case 'enum':
        return this.random.pick(kind.values);
      case 'int': {
        const value = this.random.int(1, Math.min(kind.max, 50));
        return kind.min < 0 && this.random.chance(0.5) ? -value : value;
      }
      case 'lines':
        return this.lines(kind.line, this.random.int(1, 3), kind.distinctBy);
    }
  }

  /** `count` valid lines; distinct in `distinctBy` when given. */
  lines(line: BodySchema, count: number, distinctBy?: string): JsonObject[] {
    const lines = Array.from({ length: count }, () => this.body(line));
    if (distinctBy) lines.forEach((entry, index) => (entry[distinctBy] = `FZ-L${index}`));
    return lines;
  }

  code(from: 'sku' | 'location' | 'fresh'): string {
    const known = from === 'sku' ? this.context.skus : from === 'location' ? this.context.locations : [];
    return known.length > 0 && this.random.chance(0.8)
      ? this.random.pick(known)
      : `FZ-${this.random.string('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 10)}`;
  }

  /** A well-formed value for the route's parameter: an existing id when known. */
  param(kind: ParamKind): string {
    const known =
      kind === 'receipt' ? this.context.receiptIds : kind === 'order' ? this.context.orderIds : [];
    if (kind === 'projector') {
      return this.context.projectors.length > 0 ? this.random.pick(this.context.projectors) : 'stock-levels';
    }
    return known.length > 0 && this.random.chance(0.7) ? this.random.pick(known) : this.random.uuid();
  }

  /** A parameter value that exists nowhere (a fresh UUID, or an unknown projector). */
  unknownParam(kind: ParamKind): string {
    return kind === 'projector' ? `fz-unknown-${this.random.int(0, 1e6)}` : this.random.uuid();
  }

  /** The route with its parameter filled in (URI-encoded). */
  path(endpoint: WmsEndpoint, param?: string): string {
    if (!endpoint.param) return endpoint.route;
    const value = param ?? this.param(endpoint.param);
    return endpoint.route.replace(/:(id|name)/, encodeURIComponent(value));
  }

  /** A valid query string (possibly empty) for the route's query parameters. */
  query(endpoint: WmsEndpoint): Record<string, string> {
    const query: Record<string, string> = {};
    for (const [name, kind] of Object.entries(endpoint.query ?? {})) {
      if (!this.random.chance(0.4)) continue;
      if (kind.kind === 'int') query[name] = String(this.random.int(kind.min, Math.min(kind.max, 5)));
      else if (kind.kind === 'sort') query[name] = this.random.pick(kind.fields);
      else query[name] = this.code('sku');
    }
    return query;
  }
}

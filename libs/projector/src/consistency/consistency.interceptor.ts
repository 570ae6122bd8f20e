import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { from, map, Observable, switchMap } from 'rxjs';
import { CONSISTENCY_TOKEN_HOLDER, type ConsistencyTokenHolder } from './consistency-token.sink.js';
import { ConsistencyTokens } from './consistency-tokens.js';

export const CONSISTENCY_TOKEN_HEADER = 'x-consistency-token';
export const STALE_HEADER = 'x-stale';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpReply {
  header(name: string, value: string): unknown;
}

/**
 * Read-your-writes over HTTP. A request that wrote events answers with `x-consistency-token`; a
 * request that sends a token back first waits (bounded) for the projectors to pass it, and is
 * answered with `x-stale: true` when they did not. Register it as an app interceptor.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly tokens: ConsistencyTokens,
    private readonly cls: ClsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    // Registered before the interceptor that opens the request's context (e.g. the tenancy
    // passport's), this one would find none and could not hand the holder down to the sink:
    // open one, which the inner runs inherit.
    if (!this.cls.isActive()) {
      return new Observable((subscriber) =>
        this.cls.run(() => this.readYourWrites(context, next).subscribe(subscriber)),
      );
    }
    return this.readYourWrites(context, next);
  }

  private readYourWrites(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const reply = http.getResponse<HttpReply>();
    const sent = request.headers[CONSISTENCY_TOKEN_HEADER];
    const token = Array.isArray(sent) ? sent[0] : sent;
    const holder: ConsistencyTokenHolder = { token: undefined };
    this.cls.set(CONSISTENCY_TOKEN_HOLDER, holder);

    const waited = token ? this.tokens.waitFor(token) : Promise.resolve(true);
    return from(waited).pipe(
      switchMap((fresh) => {
        if (!fresh) reply.header(STALE_HEADER, 'true');
        return next.handle();
      }),
      map((body: unknown) => {
        if (holder.token) reply.header(CONSISTENCY_TOKEN_HEADER, holder.token);
        return body;
      }),
    );
  }
}

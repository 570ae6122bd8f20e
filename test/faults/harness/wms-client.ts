/** One answer of the WMS, or status 0 when there was none (`code` TIMEOUT or NETWORK). */
export interface WmsAnswer {
  readonly status: number;
  /** The error body's stable code, when there is one. */
  readonly code: string | undefined;
  readonly body: any;
  readonly ms: number;
}

export interface WmsCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** @default 'acme' */
  readonly tenant?: string;
  /** A request still unanswered after this counts as hanging. @default 10_000 */
  readonly timeoutMs?: number;
}

/** Sends one request over real HTTP, as a client of the deployed app would. */
export async function callWms(baseUrl: string, call: WmsCall): Promise<WmsAnswer> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${call.path}`, {
      method: call.method,
      headers: {
        'x-tenant-id': call.tenant ?? 'acme',
        ...(call.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
      signal: AbortSignal.timeout(call.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const code = typeof body?.code === 'string' ? (body.code as string) : undefined;
    return { status: response.status, code, body, ms: performance.now() - started };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      status: 0,
      code: timedOut ? 'TIMEOUT' : 'NETWORK',
      body: undefined,
      ms: performance.now() - started,
    };
  }
}

/** Throws unless the answer has the expected status (for setup steps that must succeed). */
export function expectAnswer(answer: WmsAnswer, status: number, what: string): WmsAnswer {
  if (answer.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

import type { FuzzRequest } from './fuzz-request.js';
import { toJsonText } from './json-text.js';

/** A request being built: the valid shape first, then one defect applied to it. */
export interface RequestDraft {
  method: FuzzRequest['method'];
  /** Encoded path, without the query. */
  path: string;
  /** Encoded query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  /** A JSON value (serialized at the end), unless `rawBody` is set. */
  body?: unknown;
  /** Body text sent as is (invalid JSON, wrong content). */
  rawBody?: string;
  /** Leave `content-type` out even though a body is sent. */
  noContentType?: boolean;
  endpoint: string;
  defect: string;
}

/** The finished request: the body serialized, `content-type: application/json` unless set. */
export function finishDraft(draft: RequestDraft): FuzzRequest {
  const body = draft.rawBody ?? (draft.body !== undefined ? toJsonText(draft.body) : undefined);
  const headers = { ...draft.headers };
  if (body !== undefined && !draft.noContentType && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json';
  }
  return {
    method: draft.method,
    url: draft.query ? `${draft.path}?${draft.query}` : draft.path,
    headers,
    ...(body !== undefined && { body }),
    endpoint: draft.endpoint,
    defect: draft.defect,
  };
}

import { createHash } from 'node:crypto';

/** The schema a rebuild of `projector` (for one tenant, or all) fills; at most 63 characters. */
export function rebuildSchemaOf(projector: string, tenantId?: string): string {
  const hash = createHash('sha256')
    .update(`${projector}\u0000${tenantId ?? ''}`)
    .digest('hex')
    .slice(0, 10);
  const readable = projector
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  return `ddd_rebuild_${readable}_${hash}`;
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** What the rebuild command line asks for. */
export type RebuildCliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'rebuild'; readonly projector: string; readonly tenantId?: string };

/** The command line does not say what to rebuild; its message says why. */
export class RebuildCliUsageError extends Error {
  override readonly name = 'RebuildCliUsageError';
}

export const REBUILD_CLI_USAGE = `Usage: <rebuild command> <projector> [--tenant <id>]

Rebuilds a projector's read model from its event history into fresh tables and switches them
in; queries keep working meanwhile. With --tenant, only that tenant's rows are rebuilt.

Options:
  --tenant <id>   rebuild one tenant's rows (also --tenant=<id>)
  -h, --help      show this help
`;

/**
 * Reads `<projector> [--tenant <id>]` or `--help`.
 * @throws RebuildCliUsageError when the arguments do not name one projector
 */
export function parseRebuildCliArgs(argv: readonly string[]): RebuildCliCommand {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' };
  const names: string[] = [];
  let tenantId: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === '--tenant') {
      value = argv[++i];
      if (value === undefined || value.startsWith('-'))
        throw new RebuildCliUsageError('--tenant needs a tenant id');
    } else if (arg.startsWith('--tenant=')) {
      value = arg.slice('--tenant='.length);
    } else if (arg.startsWith('-')) {
      throw new RebuildCliUsageError(`Unknown option ${arg}`);
    } else {
      names.push(arg);
      continue;
    }
    if (value.trim() === '') throw new RebuildCliUsageError('--tenant needs a tenant id');
    if (tenantId !== undefined) throw new RebuildCliUsageError('--tenant may be given once');
    tenantId = value;
  }
  if (names.length !== 1)
    throw new RebuildCliUsageError(
      names.length === 0 ? 'Name the projector to rebuild' : `Name one projector, got: ${names.join(' ')}`,
    );
  return { kind: 'rebuild', projector: names[0]!, ...(tenantId !== undefined && { tenantId }) };
}

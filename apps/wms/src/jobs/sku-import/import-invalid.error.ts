import { ValidationError } from '@ddd-kit/core';

// The reason quotes the first few problems; the count says how many there were.
const QUOTED = 5;

/** An import file that was refused as a whole, before anything was written. */
export class ImportInvalidError extends ValidationError {
  constructor(problems: readonly string[], total = problems.length) {
    const quoted = problems.slice(0, QUOTED).join('; ');
    super('IMPORT_INVALID', {
      reason: total > QUOTED ? `${quoted}; and ${total - QUOTED} more problem(s)` : quoted,
      problems: total,
    });
  }
}

/**
 * Where an event sits in its source, as numbers compared left to right: `[txId, seq]` for the
 * outbox (commit order), `[offset]` for a Kafka partition. Stored as text, `12:345`.
 */
export type Position = readonly bigint[];

export function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1n;
    const y = b[i] ?? -1n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function formatPosition(position: Position): string {
  return position.join(':');
}

/** @throws TypeError when the text is not a position */
export function parsePosition(text: string): Position {
  if (!/^\d+(:\d+)*$/.test(text)) throw new TypeError(`Not a projector position: "${text}"`);
  return text.split(':').map((part) => BigInt(part));
}

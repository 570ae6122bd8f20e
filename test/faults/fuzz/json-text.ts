/**
 * A JSON token written as is into the body text: numbers `JSON.stringify` cannot produce (`1e309`,
 * `-0`, `9007199254740993`) and tokens that make the text invalid (`NaN`, `0x10`).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

const MARKER = (index: number): string => `@@fuzz-raw-${index}@@`;

/** The body as JSON text, with every `RawJson` written verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, entry: unknown) => {
    if (!(entry instanceof RawJson)) return entry;
    raws.push(entry.text);
    return MARKER(raws.length - 1);
  });
  return raws.reduce((out, raw, index) => out.replace(`"${MARKER(index)}"`, raw), text ?? 'null');
}

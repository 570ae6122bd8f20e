/** A progress line on stderr, so stdout keeps only the report. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A column of a Markdown table. */
export interface MarkdownColumn {
  readonly header: string;
  /** Numbers read best right-aligned. @default 'left' */
  readonly align?: 'left' | 'right';
}

/** Renders a Markdown table whose cells are padded, so that it also reads well in a terminal. */
export function markdownTable(
  columns: readonly MarkdownColumn[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, index) =>
    Math.max(3, column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index]!;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' | ')} |`;
  const rule = `|${columns
    .map((column, index) => {
      const dashes = '-'.repeat(widths[index]!);
      return column.align === 'right' ? `${dashes.slice(1)}:` : dashes;
    })
    .map((dashes) => ` ${dashes} `)
    .join('|')}|`;
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}

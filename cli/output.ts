export type OutputFormat = 'table' | 'json'

/** One column of a table: its header and how a row shows it. */
export type Column<T> = [header: string, cell: (row: T) => string | number | undefined]

/** Rows as kubectl prints them: upper-case headers, columns padded to their widest cell. */
export function table<T>(rows: readonly T[], columns: Column<T>[]): string {
  const cells = [
    columns.map(([header]) => header.toUpperCase()),
    ...rows.map((row) => columns.map(([, cell]) => String(cell(row) ?? ''))),
  ]
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)))
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]! + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n')
}

/** The answer as JSON (what the API gave, for jq), or as a table of its rows. */
export function render<T>(
  format: OutputFormat,
  value: unknown,
  rows: readonly T[],
  columns: Column<T>[],
): string {
  return format === 'json' ? JSON.stringify(value, null, 2) : table(rows, columns)
}

/** `v1=80 v2=20`, the way a split is typed on the command line. */
export const weights = (backends: readonly { name: string; weight: number }[]) =>
  backends.map((b) => `${b.name}=${b.weight}`).join(' ')

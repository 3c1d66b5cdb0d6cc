/**
 * Plain text tables for `list`, `config list` and `cache list`: columns two spaces apart, the last
 * one unpadded.
 *
 * @module
 */

/**
 * The lines of `rows` aligned in columns. Linear in the number of cells: widths are found with a
 * loop, not by spreading a column into `Math.max`, which overflows the stack near 100 000 rows.
 */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let column = 0; column < row.length - 1; column++) {
      widths[column] = Math.max(widths[column] ?? 0, row[column].length);
    }
  }
  return rows.map((row) =>
    row.map((cell, column) => column === row.length - 1 ? cell : cell.padEnd(widths[column]))
      .join("  ")
  );
}

const collator = new Intl.Collator();

/**
 * Orders rows by their first cell as `localeCompare` would, with one collator for the whole sort
 * (`localeCompare` builds one per call, which takes seconds for 60 000 rows).
 */
export function byFirstCell(a: readonly string[], b: readonly string[]): number {
  return collator.compare(a[0], b[0]);
}

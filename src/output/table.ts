/**
 * Plain text tables for `list`, `config list` and `cache list`: columns two spaces apart, the last
 * one unpadded.
 *
 * @module
 */

import { compareText } from "../text/collation.ts";

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

/**
 * Orders rows by their first cell as `localeCompare` would, without building a collator for
 * each call (which takes seconds for 60 000 rows), nor at all for ASCII names
 * (src/text/collation.ts).
 */
export function byFirstCell(a: readonly string[], b: readonly string[]): number {
  return compareText(a[0], b[0]);
}

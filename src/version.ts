/**
 * The program version, kept equal to `deno.json`'s by a test (a JSON import would cost startup).
 *
 * @module
 */

/** The version printed by `--version`. */
export const VERSION = "0.1.0";

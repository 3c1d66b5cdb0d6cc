/**
 * What an install lays out beside the installed command's startup bundle (scripts/bundle.ts):
 * the full program, bundled into a directory of chunks, the record of the sources both bundles
 * were built from, and the native keyring addon the program loads from there.
 *
 *   <install root>/lib/vegas-credentials/main.bundle.js               the cache hit, then:
 *   <install root>/lib/vegas-credentials/program/installed_program.js  the full program
 *   <install root>/lib/vegas-credentials/main.bundle.sources.json     the record
 *   <install root>/lib/vegas-credentials/node_modules/@napi-rs/…      the keyring addon
 *
 * On the cache-hit path: constants and one pure function.
 *
 * @module
 */

/** The record's file name, beside the startup bundle. */
export const RECORD_NAME = "main.bundle.sources.json";

/** The full program's entry chunk, relative to the startup bundle. */
export const PROGRAM_ENTRY = "./program/installed_program.js";

/** The local path of a `file:` URL on `os`: `C:\\x` for `file:///C:/x`, a UNC path for a host. */
export function localPath(url: URL, os: typeof Deno.build.os = Deno.build.os): string {
  const path = decodeURIComponent(url.pathname);
  if (os !== "windows") return path;
  const local = path.replaceAll("/", "\\");
  return url.hostname ? `\\\\${url.hostname}${local}` : local.slice(1);
}

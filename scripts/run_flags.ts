/**
 * What the build scripts need to know about running `vegas-credentials`: the run flags (declared
 * in src/cli/launch_flags.ts, which the program itself also reads), the bundle, the lazily
 * imported modules and the command's name.
 *
 * @module
 */

export { HIT_FLAGS, RUN_FLAGS } from "../src/cli/launch_flags.ts";

/**
 * The installed command's startup path bundled into one file (bundling saves ~3 ms of module
 * loading per run; see scripts/bundle.ts), in {@link bundleDir} of the install root, with the
 * record of its sources beside it.
 */
export const BUNDLE_NAME = "main.bundle.js";

/** Where an install into `installRoot` keeps the bundle: outside the checkout. */
export function bundleDir(installRoot: string): string {
  return `${installRoot}/lib/vegas-credentials`;
}

/**
 * Modules the program imports with computed specifiers (src/lazy_import.ts), which
 * `deno compile` cannot see: passed to it with `--include` (and cached by `deno task install`).
 * The one such module is the full program behind the cache hit (src/cli/entry.ts); the command
 * modules are imported by literal specifiers (src/cli/command_modules.ts).
 */
export const LAZY_MODULES: readonly string[] = ["src/cli/program.ts"];

/** The installed command's name. */
export const COMMAND_NAME = "vegas-credentials";

/**
 * The flags `vegas-credentials` runs with, declared once. `deno task install`, the end-to-end
 * tests, the demo and the compile step all use this list.
 *
 * `--allow-all` because Deno grants write access to `/dev/tty` only with it (facts §5), and the
 * MFA prompt must write there; the README's security model section says what that means.
 * `--quiet` keeps Deno's own download notices off stderr, which AWS tools show to users.
 *
 * @module
 */

import { COMMANDS } from "../src/cli/command_table.ts";

/** Permission and runtime flags for running `main.ts`. */
export const RUN_FLAGS: readonly string[] = ["--allow-all", "--quiet"];

/**
 * The startup path bundled into one file, which the installed command runs (bundling saves ~3 ms
 * of module loading per run; see scripts/bundle.ts). It sits in src/cli/ so that the modules it
 * imports lazily (`new URL("./program.ts", import.meta.url)`) resolve as in source.
 */
export const BUNDLE_PATH = "src/cli/main.bundle.js";

/**
 * Modules the program imports with computed specifiers (src/lazy_import.ts), which
 * `deno compile` cannot see: passed to it with `--include`. They are the full program behind
 * the cache hit (src/cli/entry.ts) and every command's module, read from the command table.
 */
export const LAZY_MODULES: readonly string[] = [
  "src/cli/program.ts",
  ...new Set(COMMANDS.map((command) => `src/cli/${command.module.replace(/^\.\//, "")}`)),
];

/** The installed command's name. */
export const COMMAND_NAME = "vegas-credentials";

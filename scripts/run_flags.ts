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

/** Permission and runtime flags for running `main.ts`. */
export const RUN_FLAGS: readonly string[] = ["--allow-all", "--quiet"];

/** The installed command's name. */
export const COMMAND_NAME = "vegas-credentials";

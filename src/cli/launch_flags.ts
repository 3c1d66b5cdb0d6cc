/**
 * The Deno flags `vegas-credentials` runs with, declared once: `deno task install`, the hand-off
 * to the full program, the end-to-end tests, the demo and the compile step all use them.
 *
 * `--allow-all` because Deno grants write access to `/dev/tty` (any path under /dev and /proc
 * but null, zero, random and urandom) only with it, and the
 * MFA prompt must write there; the README's security model section says what that means.
 * `--quiet` keeps Deno's own download notices off stderr, which AWS tools show to users.
 *
 * On the cache-hit path: no imports.
 *
 * @module
 */

/** Permission and runtime flags of every run. */
export const RUN_FLAGS: readonly string[] = ["--allow-all", "--quiet"];

/**
 * The installed command's flags: no config file, so no lockfile is read and checked at start
 * (~1.3 ms, a sixth of a cache hit's own cost). Nothing it loads needs one: the full program
 * beside the startup bundle was bundled at install time, its npm packages resolved and checked
 * against deno.lock then (scripts/bundle.ts).
 */
export const HIT_FLAGS: readonly string[] = [...RUN_FLAGS, "--no-config"];

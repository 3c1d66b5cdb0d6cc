/**
 * Imports a module on demand without putting it in the startup module graph.
 *
 * Deno prepares every statically analysable `import("./x.ts")` before the program starts, even
 * one that never runs, and that costs 2-4 ms per subgraph (more when it reaches npm packages):
 * too much for the cache-hit path, whose whole budget is a few milliseconds. An import whose
 * specifier is computed is prepared only when it runs. `deno compile` must be told about these
 * modules with `--include` (scripts/run_flags.ts lists them), and `deno check` is given the whole
 * `src/` directory so they are type-checked all the same.
 *
 * @module
 */

/** Imports `url` when called; pass `new URL("./module.ts", import.meta.url)`. */
export function importLazily<T>(url: URL): Promise<T> {
  const specifier = url.href;
  return import(specifier);
}

/**
 * What `main.ts` runs (the checkout and the compiled binaries): the cache hit first, then, when
 * it cannot answer, the full program, imported lazily in the same process so that a hit never
 * loads it. The installed command hands over to a process of its own instead
 * (src/cli/installed_main.ts).
 *
 * @module
 */

import { importLazily } from "../lazy_import.ts";
import { serveCacheHit } from "./cache_hit.ts";

/** The path of the full program, relative to this module (and to the bundle beside it). */
export const PROGRAM_MODULE = "./program.ts";

/** Runs the command line `args`; resolves to the exit code. */
export async function entry(args: string[]): Promise<number> {
  const served = await serveCacheHit(args);
  if (served !== undefined) return served;
  const { runProgram } = await importLazily<typeof import("./program.ts")>(
    new URL(PROGRAM_MODULE, import.meta.url),
  );
  return runProgram(args);
}

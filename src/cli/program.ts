/**
 * The full program with the real outside world, loaded by the entry when the cache hit cannot
 * answer. From here on every module is loaded once, from this graph.
 *
 * @module
 */

import { systemDeps } from "../system_deps.ts";
import { run } from "./run.ts";

/** Runs the full program, with `warning` said first if given; resolves to the exit code. */
export function runProgram(args: string[], warning?: string): Promise<number> {
  return run(args, systemDeps(), warning);
}

/**
 * The full program as the installed command loads it, in the same process, when the cache hit
 * cannot answer (src/cli/installed_main.ts): the entry of the program bundle, which
 * scripts/bundle.ts builds at install time with every npm package resolved and checked against
 * deno.lock then, so that nothing reads a lockfile or a config file at run time. It warns when
 * the checkout it was installed from has changed since (src/cli/bundle_sources.ts).
 *
 * @module
 */

import { readTextFileChecked, statOrUndefined } from "../system/hit_deps.ts";
import { changedSources, staleBundleWarning } from "./bundle_sources.ts";
import { CHECKOUT_URL } from "./checkout.ts";
import { localPath } from "./install_layout.ts";
import { runProgram } from "./program.ts";

/** Runs the full program on `args`, the record of the install at `recordPath` checked first. */
export async function runInstalled(args: string[], recordPath: string): Promise<number> {
  const repo = localPath(new URL(CHECKOUT_URL)).replace(/[\\/]$/, "");
  const changed = await changedSources(repo, recordPath, {
    readText: readTextFileChecked,
    stat: statOrUndefined,
  });
  return runProgram(args, staleBundleWarning(repo, changed));
}

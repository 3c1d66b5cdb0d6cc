/**
 * The full program as a process of its own, with the project's config and frozen lockfile:
 * what the installed command starts (src/cli/hand_off.ts) when the cache cannot answer. It
 * ends with its parent (src/system/parent_watch.ts), and warns when the installed startup file
 * is older than the checkout (src/cli/bundle_sources.ts).
 *
 * @module
 */

import { readTextFileChecked } from "../system/hit_deps.ts";
import { endWithParent } from "../system/parent_watch.ts";
import { changedSources, staleBundleWarning } from "./bundle_sources.ts";
import { localPath } from "./hand_off.ts";
import { runProgram } from "./program.ts";

endWithParent();
const repo = localPath(new URL("../..", import.meta.url)).replace(/[\\/]$/, "");
const changed = await changedSources(repo, readTextFileChecked);
Deno.exit(await runProgram(Deno.args, staleBundleWarning(repo, changed)));

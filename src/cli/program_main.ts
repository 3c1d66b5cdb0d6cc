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
import { localPath, RECORD_FLAG, RECORD_NAME } from "./hand_off.ts";
import { runProgram } from "./program.ts";

endWithParent();
const repo = localPath(new URL("../..", import.meta.url)).replace(/[\\/]$/, "");
// The hand-off names the record beside the installed bundle first. A bundle installed before it
// moved out of the checkout names none: its record is still in the checkout.
const [first, ...rest] = Deno.args;
const named = first?.startsWith(RECORD_FLAG) ? first.slice(RECORD_FLAG.length) : undefined;
const args = named === undefined ? Deno.args : rest;
const record = named ?? `${repo}/src/cli/${RECORD_NAME}`;
const changed = await changedSources(repo, record, readTextFileChecked);
Deno.exit(await runProgram(args, staleBundleWarning(repo, changed)));

/**
 * The full program as a process of its own, with the project's config and frozen lockfile:
 * what the installed command starts (src/cli/hand_off.ts) when the cache cannot answer. It
 * ends with its parent (src/system/parent_watch.ts).
 *
 * @module
 */

import { endWithParent } from "../system/parent_watch.ts";
import { runProgram } from "./program.ts";

endWithParent();
Deno.exit(await runProgram(Deno.args));
